"""frt crawl / sources / doc as an analyst runs them (crawls in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from tests.crawler.cli_app import app
from tests.crawler.conftest import KEY_ENV, ROOT, SOURCES, run_crawl_subprocess

runner = CliRunner()


def frt(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.crawler.cli_app", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **KEY_ENV, "COLUMNS": "200", **(env or {})})


def test_crawl_command_summary_and_exit_code(site, db_url, tmp_path):
    log = tmp_path / "crawl.log"
    proc = frt("crawl", "fixture_pdf", "fixture_pdf_viewer", "--db", db_url,
               "--sources-dir", str(SOURCES), "--base-url", site.base_url, "--log-file", str(log))
    assert proc.returncode == 1  # the viewer source failed, the PDF one did not
    assert "Crawl summary" in proc.stdout
    pdf_row = next(line for line in proc.stdout.splitlines() if "fixture_pdf " in line)
    assert "ok" in pdf_row and " 1 " in pdf_row
    assert "expected a PDF, got text/html" in proc.stdout
    assert "fixture_pdf_viewer: " in log.read_text() and proc.stderr == ""


def test_unreachable_source_logs_one_line_reasons_without_tracebacks(db_url):
    proc = frt("crawl", "fixture_rss", "--db", db_url, "--sources-dir", str(SOURCES),
               "--base-url", "http://127.0.0.1:9")  # nothing listens on the discard port
    assert proc.returncode == 1
    assert "failed" in proc.stdout and "fixture_rss: " in proc.stdout
    assert "Traceback" not in proc.stderr and "  File " not in proc.stderr, proc.stderr
    assert all("ERROR" in line or "WARNING" in line for line in proc.stderr.splitlines()), proc.stderr


def test_crawl_unknown_source_is_one_line_error(db_url):
    proc = frt("crawl", "no_such_source", "--db", db_url, "--sources-dir", str(SOURCES))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "error: unknown source id(s): no_such_source (see `frt sources list`)"]


def test_crawl_unusable_db_is_one_line_error(tmp_path):
    proc = frt("crawl", "fixture_pdf", "--db", str(tmp_path), "--sources-dir", str(SOURCES))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "is a directory" in proc.stderr


def test_doc_show_and_diff_after_a_change(site, db_url):
    run_crawl_subprocess(site, db_url, "fixture_listing")
    page = "listing/posts/warrant-first.html"
    from tests.crawler.fixture_server import SITES

    site.override(page, (SITES / page).read_bytes().replace(b"every product", b"most products"))
    try:
        run_crawl_subprocess(site, db_url, "fixture_listing")
    finally:
        site.override(page, None)
    from sqlmodel import Session, select

    from kb.database import make_engine
    from kb.models import Document

    with Session(make_engine(db_url)) as s:
        doc_id = s.exec(select(Document.id).where(Document.title.startswith("Why we ask"))).one()
    shown = runner.invoke(app, ["doc", "show", str(doc_id), "--db", db_url], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "Iris Policy, Jon Counsel" in shown.output
    diff = runner.invoke(app, ["doc", "diff", str(doc_id), "--db", db_url], env={"COLUMNS": "200"})
    assert diff.exit_code == 0
    assert "-The policy covers every product" in diff.output
    assert "+The policy covers most products" in diff.output
    bad = runner.invoke(app, ["doc", "diff", str(doc_id), "--from", "7", "--db", db_url])
    assert bad.exit_code == 1


def test_sources_list_formats():
    result = runner.invoke(app, ["sources", "list", "--format", "json"])
    rows = json.loads(result.output)
    ids = {r["id"] for r in rows}
    assert {"federal_register", "legistar_sfgov", "aws_ml_blog"} <= ids
    congress = next(r for r in rows if r["id"] == "congress_bills")
    assert congress["auth_env"] == "CONGRESS_API_KEY"
    csv_out = runner.invoke(app, ["sources", "list", "--format", "csv"]).output
    assert csv_out.splitlines()[0] == "id,name,kind,spider,jurisdiction,url,auth_env,schedule,format"
    formats = {r["id"]: r["format"] for r in rows}
    assert formats["federal_register"] == "checked" and formats["clearview_ai_news"] == "best guess"


def test_sources_check_reports_the_invalid_file(tmp_path):
    (tmp_path / "ok.yml").write_text("name: A\nkind: vendor\nspider: feed\nstart_urls: [http://a/]\n")
    (tmp_path / "bad.yml").write_text("name: B\nkind: vendor\nspider: feed\nstart_urls: [http://b/]\n"
                                      "rate: {min_interval_s: -1}\n")
    result = runner.invoke(app, ["sources", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "bad.yml" in result.output and "rate.min_interval_s" in result.output


def test_sources_check_online_fetches_one_page(site):
    proc = frt("sources", "check", "fixture_rss", "--online", "--dir", str(SOURCES),
               "--base-url", site.base_url)
    assert proc.returncode == 0, proc.stderr
    assert "fixture_rss: ok, 1 page(s), 2 document(s)" in proc.stdout
    assert f"would store {site.base_url}/news/2025/06/pause-extended" in proc.stdout
    listing = frt("sources", "check", "fixture_listing", "--online", "--dir", str(SOURCES),
                  "--base-url", site.base_url)
    assert "fixture_listing: ok, 1 page(s), 0 document(s)" in listing.stdout
    assert f"would fetch {site.base_url}/listing/posts/warrant-first.html" in listing.stdout
    failing = frt("sources", "check", "fixture_pdf_viewer", "--online", "--dir", str(SOURCES),
                  "--base-url", site.base_url)
    assert failing.returncode == 1 and "expected a PDF" in failing.stdout


def test_sources_add_validates_and_refuses_overwrite(tmp_path):
    args = ["sources", "add", "acme_news", "--name", "Acme newsroom", "--kind", "vendor",
            "--spider", "feed", "--url", "https://acme.example/feed.xml", "--dir", str(tmp_path)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    written = tmp_path / "acme_news.yml"
    assert "spider: feed" in written.read_text()
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "already exists" in again.output
    bad = runner.invoke(app, [*args[:2], "acme_listing", *args[3:8], "html_listing", *args[9:]])
    assert bad.exit_code == 1 and "link_selector" in bad.output
    assert not (tmp_path / "acme_listing.yml").exists()


def test_run_crawl_twice_in_one_process_raises_a_clear_error(db_url):
    script = ("from crawler.runner import CrawlError, run_crawl\n"
              f"run_crawl([], {db_url!r})\n"
              "try:\n"
              f"    run_crawl([], {db_url!r})\n"
              "except CrawlError as exc:\n"
              "    print(exc)\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "run_crawl can run once per process" in proc.stdout
