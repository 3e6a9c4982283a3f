"""Crawl throughput: frt's sitemap crawl (all pipelines on, storing into a temp SQLite KB)
against a bare Scrapy spider fetching the same pages from the same local site.

Both run in their own process (the reactor starts once per process) with the same
concurrency, no download delay and AutoThrottle off, so the ratio measures frt's own
overhead (extraction, cleaning, dedupe, storage), not politeness. Prints one JSON line:
{"name": "crawl_pages_per_s", "frt": ..., "baseline": ..., "ratio": ..., "goal": 0.8}, the
ratio being that of the medians of 3 rounds; "round_ratios" gives each round's own ratio
(bare s / frt s of that round) and "min_round_ratio" the lowest (issue 12: >= 0.8 in each).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = 2000
CONCURRENCY = 16
TOPICS = ["a moratorium on police use", "an audit of false match rates", "a city ban",
          "a warrant requirement", "retiring emotion inference", "a procurement rule"]

BARE_SPIDER = '''
import re, sys, time
import scrapy
from scrapy.crawler import CrawlerProcess

class Bare(scrapy.Spider):
    name = "bare"
    start_urls = [sys.argv[1] + "/sitemap.xml"]
    def parse(self, response):
        for loc in re.findall(r"<loc>([^<]+)</loc>", response.text):
            yield scrapy.Request(loc, callback=self.page)
    def page(self, response):
        yield {"url": response.url, "title": response.css("title::text").get()}

process = CrawlerProcess({"LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
    "CONCURRENT_REQUESTS": %d, "CONCURRENT_REQUESTS_PER_DOMAIN": %d, "ROBOTSTXT_OBEY": True})
times = {}
crawler = process.create_crawler(Bare)
crawler.signals.connect(lambda spider: times.update(start=time.monotonic()),
                        signal=scrapy.signals.spider_opened, weak=False)
crawler.signals.connect(lambda spider, reason: times.update(end=time.monotonic()),
                        signal=scrapy.signals.spider_closed, weak=False)
process.crawl(crawler)
process.start()
print(round(times["end"] - times["start"], 3))
''' % (CONCURRENCY, CONCURRENCY)

SOURCE = f"""name: Benchmark newsroom
kind: news
spider: sitemap
start_urls: ["{{base_url}}/sitemap.xml"]
rate: {{min_interval_s: 0, concurrency: {CONCURRENCY}}}
timeout_s: 30
"""


def page(i: int) -> bytes:
    topic = TOPICS[i % len(TOPICS)]
    paragraphs = "".join(
        f"<p>Paragraph {n} of story {i}: the agency described {topic} in county {i % 97}, "
        f"with a review after {n + i % 12} months and a public report on facial recognition "
        f"searches, matches and errors by demographic group.</p>" for n in range(8))
    return (f'<!doctype html><html lang="en"><head><title>Story {i}: {topic}</title>'
            f'<script type="application/ld+json">{{"@context":"https://schema.org",'
            f'"@type":"NewsArticle","headline":"Story {i}: {topic}",'
            f'"datePublished":"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00Z",'
            f'"author":{{"@type":"Person","name":"Writer {i % 13}"}}}}</script></head>'
            f"<body><nav>Home News About</nav><article><h1>Story {i}</h1>{paragraphs}"
            f"</article><footer>Footer</footer></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}/a/{i}.html</loc></url>"
                           for i in range(self.server.pages))
            body = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{urls}</urlset>').encode()
            ctype = "application/xml"
        elif self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            number = int(self.path.rsplit("/", 1)[-1].split(".")[0])
            body, ctype = self.server.render(number), "text/html"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True
    pages = PAGES  # articles listed in the sitemap (bench_e2e.py serves other sizes)
    render = staticmethod(page)  # article i -> its HTML bytes (bench_e2e.py serves its own)


def timed(cmd: list[str]) -> tuple[float, str]:
    """(wall seconds including process start, last stdout line)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed: {proc.stderr.strip().splitlines()[-1:]}")
    return time.perf_counter() - start, proc.stdout.strip().splitlines()[-1]


def one_round(base: str, tmp_path: Path) -> tuple[float, float, float, float, int]:
    """(frt s, bare s, frt wall s, bare wall s, documents stored) for one fresh KB."""
    db = tmp_path / "kb.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    bare_wall, bare_out = timed([sys.executable, str(tmp_path / "bare.py"), base])
    frt_wall, frt_out = timed([sys.executable, "-m", "crawler.run_cli", "--db", f"sqlite:///{db}",
                               "--sources", str(tmp_path / "sources"), "--base-url", base,
                               "--set", "AUTOTHROTTLE_ENABLED=false", "--set", "LOG_LEVEL=WARNING"])
    import sqlite3

    stored = sqlite3.connect(db).execute("select count(*) from document").fetchone()[0]
    frt_s = json.loads(frt_out)["sources"]["bench_news"]["elapsed_s"]
    return frt_s, float(bare_out), frt_wall, bare_wall, stored


def main(rounds: int = 3) -> None:
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory(prefix="frt-bench-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "sources").mkdir()
        (tmp_path / "sources" / "bench_news.yml").write_text(SOURCE)
        (tmp_path / "bare.py").write_text(BARE_SPIDER)
        results = [one_round(base, tmp_path) for _ in range(rounds)]
    server.shutdown()
    frt_s, bare_s, frt_wall, bare_wall = (statistics.median(r[i] for r in results)
                                          for i in range(4))
    round_ratios = [round(r[1] / r[0], 2) for r in results]  # issue 12: >= 0.8 in each round
    print(json.dumps({"name": "crawl_pages_per_s", "frt": round(PAGES / frt_s, 1),
                      "baseline": round(PAGES / bare_s, 1), "ratio": round(bare_s / frt_s, 2),
                      "goal": 0.8, "pages": PAGES, "stored": min(r[4] for r in results),
                      "rounds": rounds, "wall_ratio": round(bare_wall / frt_wall, 2),
                      "round_ratios": round_ratios, "min_round_ratio": min(round_ratios),
                      "note": "medians; spider open->close; wall_ratio includes process start"}))


if __name__ == "__main__":
    main()
