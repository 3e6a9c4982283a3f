"""`frt watch` as an analyst runs it: a fixture site watched, changed, and watched again."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import update
from sqlmodel import Session

from kb.database import make_engine
from kb.models import Document
from tests.crawler.conftest import ROOT, SOURCES
from tests.crawler.fixture_server import SITES as SITES_DIR

WATCHED = ("fixture_watch_vendor", "fixture_watch_city", "fixture_watch_sheriff")
ATOM = "{http://www.w3.org/2005/Atom}"


def frt_watch(site, db_url: str, *args: str, sources: tuple = WATCHED) -> tuple[int, dict, str]:
    """Run `frt watch --format json` in a subprocess; (exit code, parsed JSON, stderr)."""
    cmd = [sys.executable, "-m", "tests.crawler.cli_app", "watch", *sources, "--db", db_url,
           "--sources-dir", str(SOURCES), "--base-url", site.base_url, "--format", "json", *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 10), proc.stderr[-3000:]
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def kinds(report: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for event in report["events"]:
        out.setdefault(event["kind"], []).append(event["title"])
    return out


def feed_ids(path: Path) -> dict[str, str]:
    root = etree.parse(str(path)).getroot()
    return {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")}


def site_bytes(rel: str) -> bytes:
    return (SITES_DIR / rel).read_bytes()


@pytest.fixture
def changed_site(site):
    """The second state of the site: a new vendor post extends the moratorium (feed changed),
    the city's article is edited in place under an unchanged listing, the budget page
    changes only in whitespace and in an ignored "Page generated" stamp, the sheriff's feed
    answers 500."""
    def change() -> None:
        site.override("watch/feed.xml", site_bytes("watch/feed-2.xml"))
        page = "watch/city/surveillance-ordinance.html"
        site.override(page, site_bytes(page).replace(
            b"</article>", b"<p>On Tuesday the council approved the ordinance by a vote of 7 to 2.</p></article>"))
        budget = "watch/city/budget.html"
        site.override(budget, site_bytes(budget).replace(b"<p>The Harbor", b"<p>\n    The   Harbor")
                      .replace(b"09:15", b"17:42"))
        site.fail("watch/broken/feed.xml", 500)
    yield change
    for rel in ("watch/feed.xml", "watch/city/surveillance-ordinance.html", "watch/city/budget.html"):
        site.override(rel, None)
    site.fail("watch/broken/feed.xml", None)


def test_watch_reports_what_changed_once_and_exit_codes_say_so(site, db_url, tmp_path, changed_site):
    feed = tmp_path / "watch.xml"
    code, first, _ = frt_watch(site, db_url, "--feed", str(feed))
    assert code == 10
    assert any("pauses police use of FaceFind" in t for t in kinds(first)["new_document"])
    assert "Northwind Vision: moratorium (police)" in kinds(first)["new_commitment"]
    first_ids = feed_ids(feed)

    changed_site()
    code, second, _ = frt_watch(site, db_url, "--feed", str(feed))
    assert code == 10
    seen = kinds(second)
    assert any("extends its FaceFind moratorium" in t for t in seen["new_document"])
    assert any(t.startswith("Northwind Vision: moratorium (police): expired → extended")
               for t in seen["status_change"]), seen
    [edit] = [e for e in second["events"] if e["kind"] == "changed_document"]
    assert "surveillance-ordinance" in edit["url"]
    assert any(line.startswith("+") and "7 to 2" in line for line in edit["detail"]["diff"])
    assert not any("Budget" in t for ts in seen.values() for t in ts)  # whitespace and stamp only
    failing = [a for a in second["alerts"] if a["kind"] == "source_failing"]
    assert [a["source_id"] for a in failing] == ["fixture_watch_sheriff"] and failing[0]["new"]
    assert "HTTP 500" in failing[0]["title"]
    ranks = [e["rank"] for e in second["events"] if e["source_id"] == "fixture_watch_vendor"]
    assert ranks == sorted(ranks, reverse=True)  # the status change above the new document
    second_ids = feed_ids(feed)
    assert set(first_ids) <= set(second_ids)  # the same events keep their entry ids
    assert len(second_ids) == len(first_ids) + len(second["events"])  # new alerts are events too
    assert "source_failing" in seen

    code, third, _ = frt_watch(site, db_url, "--feed", str(feed))
    assert code == 0 and third["events"] == []
    assert [a["source_id"] for a in third["alerts"] if a["kind"] == "source_failing"] == \
        ["fixture_watch_sheriff"]  # still failing, listed, but not new
    assert feed_ids(feed) == second_ids


def test_expiry_alerts_on_a_fixed_date(site, db_url):
    frt_watch(site, db_url, sources=("fixture_watch_vendor",))
    _, may, _ = frt_watch(site, db_url, "--no-crawl", "--as-of", "2021-05-20")
    [expiring] = [a for a in may["alerts"] if a["kind"] == "expiring"]
    assert expiring["title"].startswith("Northwind Vision: moratorium (police): ends 2021-06-10")
    assert not [a for a in may["alerts"] if a["kind"] == "expired"]
    _, june, _ = frt_watch(site, db_url, "--no-crawl", "--as-of", "2021-06-11")
    [expired] = [a for a in june["alerts"] if a["kind"] == "expired"]
    assert "ended 2021-06-10 with no extension" in expired["title"]
    assert not [a for a in june["alerts"] if a["kind"] == "expiring"]


def test_revisits_find_an_article_edited_behind_an_unchanged_feed(site, db_url):
    frt_watch(site, db_url, sources=("fixture_watch_vendor",))
    page = "watch/posts/moratorium.html"
    site.override(page, site_bytes(page).replace(b"missing children", b"missing children and trafficking victims"))
    try:
        _, quiet, _ = frt_watch(site, db_url, sources=("fixture_watch_vendor",))
        assert not [e for e in quiet["events"] if e["kind"] == "changed_document"]  # feed 304, not due
        engine = make_engine(db_url)
        with Session(engine) as session:  # eight days later: past the default revisit_days (7)
            session.execute(update(Document).values(
                last_fetched=datetime.now(UTC) - timedelta(days=8)))
            session.commit()
        engine.dispose()
        _, due, _ = frt_watch(site, db_url, sources=("fixture_watch_vendor",))
        [edit] = [e for e in due["events"] if e["kind"] == "changed_document"]
        assert any("trafficking victims" in line for line in edit["detail"]["diff"])
        site.override(page, site_bytes(page).replace(b"missing children", b"lost children"))
        _, now, _ = frt_watch(site, db_url, "--revisit", sources=("fixture_watch_vendor",))
        assert [e["kind"] for e in now["events"] if e["kind"] == "changed_document"] == ["changed_document"]
    finally:
        site.override(page, None)


def test_notify_cmd_gets_the_events_and_runs_are_listed(site, db_url, tmp_path):
    out = tmp_path / "notified.json"
    script = f"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())"
    code, report, _ = frt_watch(site, db_url, "--notify-cmd", f"{sys.executable} -c \"{script}\"",
                                sources=("fixture_watch_vendor",))
    assert code == 10
    assert [e["uid"] for e in json.loads(out.read_text())] == [e["uid"] for e in report["events"]]
    proc = subprocess.run([sys.executable, "-m", "tests.crawler.cli_app", "runs", "--db", db_url,
                           "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    runs = json.loads(proc.stdout)
    assert [r["kind"] for r in runs] == ["watch", "extract", "crawl"]
    assert runs[0]["stats"]["events"] == len(report["events"])


def test_watch_bad_input_is_one_line_error(db_url):
    proc = subprocess.run([sys.executable, "-m", "tests.crawler.cli_app", "watch", "no_such_source",
                           "--db", db_url, "--sources-dir", str(SOURCES)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "unknown source id(s): no_such_source" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_reordered_items_and_tracking_parameters_are_not_changes(site, db_url):
    feed = site_bytes("watch/feed-2.xml")
    site.override("watch/feed.xml", feed)
    try:
        code, _, _ = frt_watch(site, db_url, sources=("fixture_watch_vendor",))
        assert code == 10
        root = etree.fromstring(feed)
        channel = root.find("channel")
        items = channel.findall("item")
        assert len(items) >= 2
        for item in items:
            channel.remove(item)
            link = item.find("link")
            link.text = link.text + "?utm_source=newsletter&utm_medium=email"
        for item in reversed(items):
            channel.append(item)
        reordered = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        assert reordered != feed
        site.override("watch/feed.xml", reordered)
        code, again, _ = frt_watch(site, db_url, sources=("fixture_watch_vendor",))
        assert (code, again["events"]) == (0, [])
    finally:
        site.override("watch/feed.xml", None)
