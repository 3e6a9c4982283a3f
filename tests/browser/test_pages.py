"""Acceptance: the HTML reports and `frt serve`'s pages in headless Chromium.

Each page of a fixture knowledge base (the reports served from their directory on
127.0.0.1, and `frt serve`) is opened in headless Chromium (Debian package ``chromium``,
installed by `make chromium`, which `make test` and CI run first) and must load with no
console error, no uncaught exception, no JavaScript dialog and no request to any host but
127.0.0.1; canned queries must show rows whose quotes link to their sources. A PNG
screenshot of every page goes to the test's temporary directory, and also to
``$FRT_SCREENSHOTS_DIR`` when set (`make screenshots` refreshes docs/screenshots/, which the
README shows).
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.cdp import CHROMIUM, Chromium
from tests.browser.fixture_kb import HOSTILE_TITLE, ROOT, build_kb, free_port, frt_serve

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium is not installed at {CHROMIUM} and could not be (`make chromium` "
                "installs the Debian package `chromium` with apt-get)", allow_module_level=True)

REPORTS = ["briefing", "benchmarks", "timeline"]
REQUIRED_REPORTS = {"briefing", "timeline"}
SERVE_PAGES = {"index": "/", "database": "/kb", "commitment": "/kb/commitment",
               "finding": "/kb/finding", "document": "/kb/document"}
CANNED = ["in_force_now", "expiring_within_90_days", "findings_by_vendor", "documents_by_source"]
LOCAL_SCHEMES = {"data", "blob", "about"}


def frt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def write_reports(db: Path, out: Path) -> dict[str, Path]:
    """Run the report command(s) and return the HTML pages written, by report name.

    `frt report briefing|benchmarks|timeline --out DIR` writes one report each; an frt whose
    `report` takes no report name (usage error, exit 2) writes them all with `--out DIR`.
    """
    first = frt("report", REPORTS[0], "--out", str(out), "--db", str(db))
    if first.returncode == 2:
        every = frt("report", "--out", str(out), "--db", str(db))
        assert every.returncode == 0, every.stderr
    else:
        assert first.returncode == 0, first.stderr
        for name in REPORTS[1:]:
            done = frt("report", name, "--out", str(out), "--db", str(db))
            assert done.returncode == 0, done.stderr
    return {name: out / f"{name}.html" for name in REPORTS if (out / f"{name}.html").exists()}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture KB, its reports served on 127.0.0.1, `frt serve` on it, and Chromium."""
    root = tmp_path_factory.mktemp("browser")
    db = root / "kb.db"
    build_kb(db)
    pages = write_reports(db, root / "reports")
    handler = functools.partial(QuietHandler, directory=str(root / "reports"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    shots = [root / "screenshots"]
    if os.environ.get("FRT_SCREENSHOTS_DIR"):
        shots.append(Path(os.environ["FRT_SCREENSHOTS_DIR"]))
    browser = Chromium()
    try:
        with frt_serve(db, free_port()) as (serve_base, _proc):
            yield {"pages": pages, "reports_base": f"http://127.0.0.1:{httpd.server_port}",
                   "serve_base": serve_base, "page": browser.page(), "shots": shots}
    finally:
        browser.close()
        httpd.shutdown()
        httpd.server_close()


def open_page(site, url: str, shot: str):
    """Visit ``url``, check what every page must satisfy, save its screenshot."""
    page = site["page"]
    visit = page.visit(url)
    assert visit.requests and visit.requests[0] == url
    foreign = [u for u in visit.requests
               if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"]
    assert foreign == [], f"requests leaving 127.0.0.1 from {url}"
    assert visit.errors == [], f"console errors on {url}"
    assert visit.dialogs == [], f"a script ran on {url} (markup in the data was not escaped)"
    assert visit.failed == [], f"failed requests on {url}"
    for folder in site["shots"]:
        assert page.screenshot(folder / f"{shot}.png").stat().st_size > 0
    return page, visit


def test_required_reports_are_written(site):
    assert REQUIRED_REPORTS <= set(site["pages"]), sorted(site["pages"])


@pytest.mark.parametrize("name", REPORTS)
def test_report_page(site, name):
    if name not in site["pages"]:
        pytest.skip(f"this frt writes no {name}.html")
    page, _ = open_page(site, f"{site['reports_base']}/{name}.html", f"report-{name}")
    text = page.evaluate("document.body.innerText")
    assert "Amazon" in text or "IBM" in text, f"{name}.html shows none of the fixture's facts"
    assert page.evaluate("document.querySelectorAll('script[src], link[rel=stylesheet][href]')"
                         ".length") == 0, f"{name}.html is not self-contained"


@pytest.mark.parametrize("name", sorted(SERVE_PAGES))
def test_serve_page(site, name):
    page, _ = open_page(site, site["serve_base"] + SERVE_PAGES[name], f"serve-{name}")
    text = page.evaluate("document.body.innerText")
    assert "Documents crawled by frt" in text, "the metadata's source line is shown"
    if name == "index":
        assert "frt knowledge base" in text
    if name == "database":
        assert "Commitments and measures in force now" in text and "Findings by vendor" in text
    if name == "document":
        assert HOSTILE_TITLE in text, "a title holding markup shows as text"
    if name in ("commitment", "finding"):
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a.frt-quote'), a => a.href)")
        rows = page.evaluate("document.querySelectorAll('table.rows-and-columns tbody tr').length")
        assert rows > 0 and len(hrefs) == rows
        assert all(h.startswith("http://127.0.0.1/") for h in hrefs)


@pytest.mark.parametrize("query", CANNED)
def test_canned_query_returns_rows(site, query):
    page, _ = open_page(site, f"{site['serve_base']}/kb/{query}", f"serve-{query}")
    rows = page.evaluate("document.querySelectorAll('table.rows-and-columns tbody tr').length")
    assert rows > 0, f"canned query {query} shows no rows"
    if query != "documents_by_source":
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a.frt-quote'), a => a.href)")
        assert len(hrefs) == rows and all(h.startswith("http://127.0.0.1/") for h in hrefs)
