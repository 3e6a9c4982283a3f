"""Crash safety: a crawl and an extraction killed (SIGKILL) at random points leave a knowledge
base that passes `frt db check`, and a resumed run ends with the same content as an
uninterrupted one (SQLite, and PostgreSQL when FRT_TEST_POSTGRES_URL is set).

The site is generated here (155 pages on 127.0.0.1). Kill points are seeded and random:
a crawl dies after a random number of pages served (so inside and between store batches),
an extraction after a random delay from the start of its run (scaled by how long the
uninterrupted run worked), never in the interpreter's startup alone.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from typer.testing import CliRunner

from cli import app
from kb.database import make_engine, session_scope
from kb.models import (Commitment, Document, DocumentVersion, Entity, Fact, Finding, Mention,
                       Run)
from kb.store import store_document, upsert_source
from tests.conftest import postgres_schema

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PAGES, PER_LISTING, KILLS = 150, 30, 5
VENDORS = ["Acme Vision", "IBM", "Microsoft", "Amazon", "NEC", "Idemia", "Clearview AI", "Axon"]
SOURCE_YAML = """\
name: Generated policy site (crash test)
kind: vendor
spider: html_listing
start_urls: ["{base_url}/listing/1.html"]
link_selector: "a.post"
next_page_selector: "a.next"
rate: {min_interval_s: 0, concurrency: 4}
timeout_s: 5
"""
CRAWL_SETTINGS = ["AUTOTHROTTLE_ENABLED=false", "DOWNLOAD_DELAY=0", "DOWNLOAD_TIMEOUT=10",
                  "LOG_LEVEL=INFO", "FRT_STORE_BATCH=10"]  # many small transactions to cut
EXTRACT_ENV = {"FRT_SPACY_MODEL": "none", "FRT_DECIDER": "rules"}  # rules only: fast enough
runner = CliRunner()


def page_text(i: int) -> str:
    vendor = VENDORS[i % len(VENDORS)]
    return (f"Policy update number {i}. {vendor} announced a {1 + i % 3}-year moratorium on "
            f"sales of facial recognition technology to police departments on March "
            f"{1 + i % 27}, 2020. An audit by the National Institute of Standards and Technology "
            f"found a false positive rate of {i % 40 + 0.5}% for darker-skinned women in the "
            f"{vendor} system. City officials said the review of case {i * 7} would continue.")


def site_files() -> dict[str, bytes]:
    files = {}
    listings = (PAGES + PER_LISTING - 1) // PER_LISTING
    for n in range(1, listings + 1):
        links = "".join(f'<li><a class="post" href="/posts/{i}.html">Update {i}</a></li>'
                        for i in range((n - 1) * PER_LISTING, min(n * PER_LISTING, PAGES)))
        more = f'<a class="next" href="/listing/{n + 1}.html">Older</a>' if n < listings else ""
        files[f"/listing/{n}.html"] = (
            f"<!doctype html><html><head><title>Updates {n}</title></head>"
            f"<body><ul>{links}</ul>{more}</body></html>").encode()
    for i in range(PAGES):
        files[f"/posts/{i}.html"] = (
            f"<!doctype html><html lang='en'><head><title>Policy update {i}</title></head>"
            f"<body><main><article><h1>Policy update {i}</h1><p>{page_text(i)}</p>"
            f"</article></main></body></html>").encode()
    return files


class Site(ThreadingHTTPServer):
    request_queue_size = 256  # the stdlib backlog of 5 stalls a concurrent crawl
    daemon_threads = True

    def __init__(self, files: dict[str, bytes]):
        super().__init__(("127.0.0.1", 0), Handler)
        self.files = files
        self.served = 0
        self.lock = threading.Lock()
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = self.server.files.get(self.path.split("?")[0])
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
        with self.server.lock:
            self.server.served += 1
        self.send_response(200 if body is not None else 404)
        body = body if body is not None else b"not found"
        ctype = "text/plain" if self.path.endswith(".txt") or body == b"not found" else "text/html"
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def sites():
    """The same site twice: one for the killed crawls (counting their requests), one for
    the uninterrupted crawl that runs meanwhile."""
    servers = [Site(site_files()) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def two_kbs(backend, tmp_path):
    """Two empty knowledge bases on the backend: one to kill, one for the uninterrupted run."""
    with ExitStack() as stack:
        if backend == "sqlite":
            yield [f"sqlite:///{tmp_path / name}.db" for name in ("killed", "clean")]
        else:
            yield [stack.enter_context(postgres_schema()) for _ in range(2)]


def _start(cmd: list[str], env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _run(cmd: list[str], env: dict | None = None) -> None:
    proc = _start(cmd, env)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, f"{cmd[2:4]} exit {proc.returncode}:\n{err[-3000:]}"


def _kill_when(cmd: list[str], ready: Callable[[], bool], env: dict | None = None) -> None:
    """Start cmd and SIGKILL it as soon as ready() says so (unless it finished first)."""
    proc = _start(cmd, env)
    deadline = time.monotonic() + 120
    while proc.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.005)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)  # only the process this test started
    proc.wait(timeout=30)
    proc.stderr.close()


def _db_check(url: str) -> None:
    result = runner.invoke(app, ["db", "check", "--db", url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output


def _crawl_cmd(site: Site, url: str, sources: Path) -> list[str]:
    cmd = [sys.executable, "-m", "crawler.run_cli", "--db", url, "--sources", str(sources),
           "--base-url", site.base_url, "--only", "gen_site"]
    for setting in CRAWL_SETTINGS:
        cmd += ["--set", setting]
    return cmd


def _documents(url: str) -> dict[str, tuple[str, int]]:
    """Document key -> (current version's text hash, number of versions)."""
    engine = make_engine(url, create=False)
    with session_scope(engine) as s:
        current = dict(s.execute(select(Document.key, DocumentVersion.content_hash).join(
            DocumentVersion, DocumentVersion.id == Document.current_version_id)).all())
        counts: dict[str, int] = {}
        for key in s.execute(select(Document.key).join(
                DocumentVersion, DocumentVersion.document_id == Document.id)).scalars():
            counts[key] = counts.get(key, 0) + 1
    engine.dispose()
    return {key: (digest, counts.get(key, 0)) for key, digest in current.items()}


def test_killed_crawl_resumes_to_the_same_kb(sites, two_kbs, tmp_path):
    (site, other), (killed, clean) = sites, two_kbs
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "gen_site.yml").write_text(SOURCE_YAML)
    uninterrupted = _start(_crawl_cmd(other, clean, sources))
    rng = random.Random(12)
    for _ in range(KILLS):
        start, target = site.served, rng.randint(1, len(site.files))
        _kill_when(_crawl_cmd(site, killed, sources), lambda: site.served - start >= target)
        _db_check(killed)
    _run(_crawl_cmd(site, killed, sources))
    _db_check(killed)
    _, err = uninterrupted.communicate(timeout=180)
    assert uninterrupted.returncode == 0, err[-3000:]
    expected = _documents(clean)
    assert len(expected) == PAGES and {n for _, n in expected.values()} == {1}
    assert _documents(killed) == expected


def _fill(url: str, pages: int) -> None:
    """The same documents in each KB, stored directly (the crawl has its own test)."""
    engine = make_engine(url)
    source = SimpleNamespace(id="gen_site", name="Generated", kind="vendor", spider="pages",
                             api_base=None, start_urls=["http://127.0.0.1/"], jurisdiction=None,
                             base_url=None)
    with session_scope(engine) as s:
        upsert_source(s, source)
        for i in range(pages):
            store_document(s, SimpleNamespace(
                source_id="gen_site", url=f"http://127.0.0.1/posts/{i}.html", canonical_url=None,
                external_id=None, title=f"Policy update {i}", kind="announcement",
                content_type="text/html", published=datetime(2020, 3, 1, tzinfo=UTC), modified=None,
                authors=[], metadata={}, text=page_text(i), etag=None, last_modified=None,
                raw_sha256=None, pages=None), fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    engine.dispose()


def _after_change(engine, column, delay: float) -> Callable[[], bool]:
    """True ``delay`` seconds after max(column) first grows past its value now (a new run
    row: the run started; a new mention row: its first batch committed)."""
    def current() -> int:
        with session_scope(engine) as s:
            return s.execute(select(func.max(column))).scalar() or 0
    before, seen = current(), []

    def ready() -> bool:
        if not seen:
            if current() > before:
                seen.append(time.monotonic())
            return False
        return time.monotonic() - seen[0] >= delay
    return ready


def _extracted(url: str) -> dict[str, list[tuple]]:
    """Commitments, findings and mentions by content (document key, fields, span; entity and
    fact by name), never by row id."""
    engine = make_engine(url, create=False)
    extended = aliased(Commitment)
    with session_scope(engine) as s:
        commitments = s.execute(select(
            Document.key, Commitment.actor, Commitment.action, Commitment.scope,
            Commitment.product, Commitment.start, Commitment.end, Commitment.duration,
            Commitment.condition, Commitment.law, Commitment.quote, Commitment.start_char,
            Commitment.end_char, Commitment.fact_key, extended.fact_key, Fact.label,
            Fact.n_reports)
            .join(Document, Document.id == Commitment.document_id)
            .outerjoin(extended, extended.id == Commitment.extends_id)
            .outerjoin(Fact, Fact.id == Commitment.fact_id)).all()
        findings = s.execute(select(
            Document.key, Finding.study, Finding.system, Finding.vendor, Finding.metric,
            Finding.value, Finding.unit, Finding.group, Finding.quote, Finding.start_char,
            Finding.end_char, Finding.fact_key, Fact.label, Fact.n_reports)
            .join(Document, Document.id == Finding.document_id)
            .outerjoin(Fact, Fact.id == Finding.fact_id)).all()
        mentions = s.execute(select(
            Document.key, Mention.text, Mention.label, Mention.start_char, Mention.end_char,
            Entity.name, Entity.type)
            .join(Document, Document.id == Mention.document_id)
            .join(Entity, Entity.id == Mention.entity_id)).all()
    engine.dispose()
    return {name: sorted(tuple(map(str, row)) for row in rows) for name, rows in
            (("commitments", commitments), ("findings", findings), ("mentions", mentions))}


def test_killed_extraction_resumes_to_the_same_facts(two_kbs):
    killed, clean = two_kbs
    for url in two_kbs:
        _fill(url, 100)
    cmd = [sys.executable, "-m", "cli", "extract", "--all", "--db"]
    _run(cmd + [clean], EXTRACT_ENV)
    expected = _extracted(clean)
    assert expected["commitments"] and expected["findings"] and expected["mentions"]
    engine = make_engine(clean, create=False)
    with session_scope(engine) as s:
        run = s.execute(select(Run).where(Run.kind == "extract")).scalar_one()
        worked = (run.finished_at - run.started_at).total_seconds()
    engine.dispose()
    rng = random.Random(7)
    engine = make_engine(killed, create=False)
    for n in range(KILLS):
        if n == 2:  # the first extraction completes; the next kills cut `--force` rebuilds
            _run(cmd + [killed], EXTRACT_ENV)  # of a KB whose facts stand
        if n < 2:  # killed at a random point of its run
            args, ready = [], _after_change(engine, Run.id, rng.uniform(0, worked))
        else:  # killed at a random point after its first batch replaced reports of facts
            args, ready = ["--force"], _after_change(engine, Mention.id, rng.uniform(0, worked / 3))
        _kill_when(cmd[:-1] + args + ["--db", killed], ready, EXTRACT_ENV)
        _db_check(killed)
    engine.dispose()
    _run(cmd + [killed], EXTRACT_ENV)
    _db_check(killed)
    assert _extracted(killed) == expected
