"""Watch cost: `frt watch` over an unchanged 2,000-page site against the first crawl of it.

The site (bench_crawl's pages, with ETags and 304 answers) is crawled once (the baseline,
timed), extracted and watched once (untimed: everything is new then); then `frt watch` runs
again on the unchanged site (timed): the sitemap answers 304, no document is due for a
revisit, nothing is re-extracted, and the watch compares the KB with its last view. A
second figure times `frt watch --revisit` (every known document asked conditionally, each
answering 304). Wall times include process start, the same way for both. Prints JSON lines:
{"name": "watch_unchanged", "frt": s, "baseline": s, "ratio": watch/first crawl, "goal": "<= 0.3"}.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_crawl import CONCURRENCY, PAGES, SOURCE, page  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}/a/{i}.html</loc></url>" for i in range(PAGES))
            body = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{urls}</urlset>').encode()
            ctype = "application/xml"
        elif self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            body, ctype = page(int(self.path.rsplit("/", 1)[-1].split(".")[0])), "text/html"
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True


def timed(cmd: list[str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "COLUMNS": "200"})
    if proc.returncode not in ok:
        raise SystemExit(f"{cmd[2:5]} failed ({proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}")
    return time.perf_counter() - start


def main() -> None:
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory(prefix="frt-bench-watch-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "sources").mkdir()
        (tmp_path / "sources" / "bench_news.yml").write_text(SOURCE)
        db = f"sqlite:///{tmp_path / 'kb.db'}"
        common = ["--db", db, "--sources-dir", str(tmp_path / "sources"), "--base-url", base,
                  "--format", "json"]
        crawl_s = timed([sys.executable, "-m", "crawler.run_cli", "--db", db, "--sources",
                         str(tmp_path / "sources"), "--base-url", base,
                         "--set", "AUTOTHROTTLE_ENABLED=false", "--set", "LOG_LEVEL=WARNING"])
        first_watch_s = timed([sys.executable, "cli.py", "watch", *common], ok=(0, 10))
        watch_s = timed([sys.executable, "cli.py", "watch", *common], ok=(0, 10))
        revisit_s = timed([sys.executable, "cli.py", "watch", "--revisit", *common], ok=(0, 10))
    server.shutdown()
    print(json.dumps({"name": "watch_unchanged", "frt": round(watch_s, 2), "baseline": round(crawl_s, 2),
                      "ratio": round(watch_s / crawl_s, 3), "goal": "<= 0.3", "pages": PAGES,
                      "concurrency": CONCURRENCY, "first_watch_s": round(first_watch_s, 1),
                      "note": "wall seconds incl. process start; baseline = first crawl of the site"}))
    print(json.dumps({"name": "watch_revisit_all", "frt": round(revisit_s, 2), "baseline": round(crawl_s, 2),
                      "ratio": round(revisit_s / crawl_s, 3), "goal": "(none: every page asked again)",
                      "pages": PAGES}))


if __name__ == "__main__":
    main()
