"""A crawl shared by two worker processes through Redis (crawler/distributed.py).

A generated blog of 8 listing pages and 80 posts is served on 127.0.0.1; two
``python -m crawler.run_cli --scheduler ... --run-key ...`` processes crawl it at once into
one KB (SQLite, and PostgreSQL when FRT_TEST_POSTGRES_URL is set). The server's request log
must show every page fetched exactly once, the KB every post stored once, and each worker's
report some of the pages. A second pair of workers re-checks the posts with conditional GETs.
Needs FRT_TEST_REDIS_URL (CI sets it in .ci/run); every test uses its own run key and
deletes its keys afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kb.database import make_engine
from kb.models import Document, DocumentVersion
from tests.crawler.conftest import ROOT, TEST_SETTINGS

REDIS_ENV = "FRT_TEST_REDIS_URL"
SOURCE = "dist_blog"
LISTINGS, PER_LISTING = 8, 10
POSTS = LISTINGS * PER_LISTING
POST_DELAY_S = 0.05
"""Each post answers this much later, so that the crawl outlasts the workers' start-up."""
GATE_S = 60
"""At most this long the first listing page waits for both workers to join the run."""

SOURCE_YAML = f"""name: Distributed fixture blog
kind: vendor
spider: html_listing
start_urls: ["{{base_url}}/listing/1.html"]
link_selector: "ul.posts a.post"
next_page_selector: "a.next"
rate: {{min_interval_s: 0, concurrency: 2}}
timeout_s: 10
"""


def listing(n: int) -> bytes:
    links = "".join(f'<li><a class="post" href="/posts/{(n - 1) * PER_LISTING + i}.html">Post '
                    f'{(n - 1) * PER_LISTING + i}</a></li>' for i in range(1, PER_LISTING + 1))
    more = f'<a class="next" href="/listing/{n + 1}.html">Older</a>' if n < LISTINGS else ""
    return (f"<!doctype html><html><head><title>Blog page {n}</title></head><body><main>"
            f'<ul class="posts">{links}</ul>{more}</main></body></html>').encode()


def post(n: int) -> bytes:
    text = (f"Post {n} on facial recognition: the vendor commits to audit its face search "
            f"tool number {n} every quarter and to publish the results for county sheriffs. ")
    return (f"<!doctype html><html><head><title>Post {n}</title></head><body><article>"
            f"<h1>Post {n}</h1><p>{text * 3}</p><p>Policy paragraph {n}.</p></article>"
            f"</body></html>").encode()


class BlogServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, gate):
        super().__init__(("127.0.0.1", 0), BlogHandler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.gate = gate
        self.log: list[dict] = []
        self.lock = threading.Lock()


class BlogHandler(BaseHTTPRequestHandler):
    server: BlogServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        body = None
        if path.startswith("/listing/") and path.endswith(".html"):
            n = int(path.rsplit("/", 1)[1].removesuffix(".html"))
            if n == 1:
                self.server.gate()
            body = listing(n) if 1 <= n <= LISTINGS else None
        elif path.startswith("/posts/") and path.endswith(".html"):
            n = int(path.rsplit("/", 1)[1].removesuffix(".html"))
            time.sleep(POST_DELAY_S)
            body = post(n) if 1 <= n <= POSTS else None
        etag = f'"{path}"'
        if body is None:
            status, body = 404, b"not found"
        elif self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        else:
            status = 200
        with self.server.lock:
            self.server.log.append({"path": path, "status": status,
                                    "if_none_match": self.headers.get("If-None-Match")})
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def redis_client():
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"{REDIS_ENV} is not set: no Redis server to test against "
                    "(CI sets it in .ci/run)")
    import redis

    client = redis.Redis.from_url(url)
    client.url = url
    yield client
    client.close()


@pytest.fixture
def run_key(redis_client):
    key = f"test-{uuid.uuid4().hex[:12]}"
    yield key
    for name in redis_client.scan_iter(match=f"frt:{key}:*"):
        redis_client.delete(name)


@pytest.fixture
def blog(redis_client, run_key):
    """The blog; its first listing page waits until two workers have joined ``run_key``."""
    workers = f"frt:{run_key}:{SOURCE}:workers"

    def gate():
        deadline = time.monotonic() + GATE_S
        while redis_client.scard(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)

    server = BlogServer(gate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.fixture
def sources_dir(tmp_path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / f"{SOURCE}.yml").write_text(SOURCE_YAML)
    return folder


def run_workers(blog, kb_url: str, sources_dir: Path, scheduler: str, run_key: str,
                count: int = 2) -> list[dict]:
    """Start ``count`` workers of one run at once; return their reports (plus returncode)."""
    cmd = [sys.executable, "-m", "crawler.run_cli", "--db", kb_url, "--sources", str(sources_dir),
           "--base-url", blog.base_url, "--only", SOURCE, "--scheduler", scheduler,
           "--run-key", run_key]
    for setting in TEST_SETTINGS:
        cmd += ["--set", setting]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for _ in range(count)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        lines = out.strip().splitlines()
        assert lines, f"no report (exit {proc.returncode}):\n{err[-3000:]}"
        report = json.loads(lines[-1])
        report["returncode"], report["log"] = proc.returncode, err
        reports.append(report)
    return reports


def expected_paths() -> set[str]:
    return ({f"/listing/{n}.html" for n in range(1, LISTINGS + 1)}
            | {f"/posts/{n}.html" for n in range(1, POSTS + 1)})


def stored(kb_url: str) -> tuple[list[Document], int]:
    engine = make_engine(kb_url)
    with Session(engine) as session:
        docs = list(session.exec(select(Document).where(Document.source_id == SOURCE)))
        versions = len(session.exec(select(DocumentVersion.id)).all())
    engine.dispose()
    return docs, versions


@pytest.mark.redis
@pytest.mark.slow
def test_two_workers_fetch_and_store_every_page_once(blog, kb_url, sources_dir, redis_client,
                                                     run_key):
    make_engine(kb_url).dispose()  # the team's KB exists before its workers start (README)
    reports = run_workers(blog, kb_url, sources_dir, redis_client.url, run_key)

    for report in reports:
        assert report["returncode"] == 0, report["log"][-3000:]
        assert report["sources"][SOURCE]["finish_reason"] == "finished"
    fetched = Counter(e["path"] for e in blog.log if e["path"] != "/robots.txt")
    assert set(fetched) == expected_paths()
    assert {p: n for p, n in fetched.items() if n != 1} == {}, "fetched more than once"
    pages = [r["sources"][SOURCE]["pages"] for r in reports]
    assert all(p > 0 for p in pages), f"a worker did no work: pages per worker {pages}"
    assert sum(r["sources"][SOURCE]["new"] for r in reports) == POSTS

    docs, versions = stored(kb_url)
    assert sorted(d.url for d in docs) == sorted(f"{blog.base_url}/posts/{n}.html"
                                                 for n in range(1, POSTS + 1))
    assert len({d.key for d in docs}) == POSTS and versions == POSTS
    assert list(redis_client.scan_iter(match=f"frt:{run_key}:*")) == [], \
        "the last worker leaves the run's keys behind"

    # The next run (same run key: the last one cleaned up) re-checks every post with the
    # validators stored by either worker: 304s, nothing stored twice.
    blog.log.clear()
    again = run_workers(blog, kb_url, sources_dir, redis_client.url, run_key)
    assert all(r["returncode"] == 0 for r in again), again[0]["log"][-3000:]
    posts = [e for e in blog.log if e["path"].startswith("/posts/")]
    assert len(posts) == POSTS and {e["status"] for e in posts} == {304}
    assert sum(r["sources"][SOURCE]["not_modified"] for r in again) == POSTS
    docs, versions = stored(kb_url)
    assert len(docs) == POSTS and versions == POSTS


def test_unreachable_scheduler_is_one_line_and_exit_1(tmp_path, sources_dir):
    """Redis down (nothing listens on port 1) or a URL that is not Redis: one line, exit 1,
    from the worker script, `frt crawl` and `frt watch`."""
    for url, says in [("redis://127.0.0.1:1/0", "cannot use the Redis scheduler"),
                      ("http://127.0.0.1:6379/0", "must be a redis:// URL")]:
        for cmd in ([sys.executable, "-m", "crawler.run_cli", "--db", f"sqlite:///{tmp_path}/kb.db",
                     "--sources", str(sources_dir), "--base-url", "http://127.0.0.1:9",
                     "--scheduler", url],
                    *([sys.executable, "-m", "tests.crawler.cli_app", command, "--db",
                       f"sqlite:///{tmp_path}/kb.db", "--sources-dir", str(sources_dir),
                       "--base-url", "http://127.0.0.1:9", "--scheduler", url]
                      for command in ("crawl", "watch"))):
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT,
                                  env={**os.environ, "COLUMNS": "200"})
            assert proc.returncode == 1, proc.stderr
            assert says in proc.stderr and "Traceback" not in proc.stderr
            assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
