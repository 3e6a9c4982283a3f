"""Feed spider against fixture arXiv (both Atom styles, error feed) and RSS sites."""

from __future__ import annotations

from datetime import UTC, datetime


def test_arxiv_old_style_pages_and_keeps_metadata(crawl, kb):
    report = crawl("fixture_arxiv_old")
    stats = report["sources"]["fixture_arxiv_old"]
    assert report["returncode"] == 0, stats["errors"]
    assert (stats["pages"], stats["new"]) == (2, 3)  # start=0 (2 entries) then start=2 (1)
    docs = {d.key: d for d in kb.documents("fixture_arxiv_old")}
    assert set(docs) == {"2401.11111", "2312.22222", "2311.33333"}
    paper = docs["2401.11111"]
    assert paper.meta["version"] == "v2"
    assert paper.meta["doi"] == "10.5555/frt.2024.001"
    assert paper.meta["categories"] == ["cs.CV", "cs.CY"]
    assert paper.meta["primary_category"] == "cs.CV"
    assert paper.authors == ["Ada Fixture", "Ben Sample"]
    assert paper.title == "Measuring Demographic Error Gaps in Commercial Face Matching Services"
    assert paper.kind == "paper"
    text = kb.versions(paper)[0].text
    assert "set of portraits" in text  # the abstract's hard line breaks are unwrapped
    assert paper.published.replace(tzinfo=UTC) == datetime(2024, 1, 3, 18, tzinfo=UTC)


def test_arxiv_new_style_reads_root_namespaces_and_https_ids(crawl, kb):
    report = crawl("fixture_arxiv_new")
    assert report["sources"]["fixture_arxiv_new"]["new"] == 2
    docs = {d.key: d for d in kb.documents("fixture_arxiv_new")}
    assert set(docs) == {"2509.44444", "2508.55555"}
    assert docs["2509.44444"].meta["comment"] == "Survey, 22 pages"
    assert docs["2508.55555"].meta["version"] == "v2"


def test_arxiv_error_feed_is_reported_not_stored(crawl, kb):
    report = crawl("fixture_arxiv_error", "fixture_arxiv_new")
    errors = report["sources"]["fixture_arxiv_error"]["errors"]
    assert len(errors) == 1 and "arXiv API error" in errors[0]
    assert "incorrect id format" in errors[0]
    assert kb.documents("fixture_arxiv_error") == []
    assert report["failed_sources"] == ["fixture_arxiv_error"]
    assert report["returncode"] == 1
    assert report["sources"]["fixture_arxiv_new"]["new"] == 2  # the other source finished


def test_rss_entries_with_rfc822_dates_and_local_keywords(crawl, kb):
    report = crawl("fixture_rss")
    assert report["returncode"] == 0
    docs = {d.key: d for d in kb.documents("fixture_rss")}
    # the results-call item mentions no keyword and is filtered locally
    assert set(docs) == {"evc-2025-0603", "evc-2025-0410"}
    pause = docs["evc-2025-0603"]
    assert pause.published.replace(tzinfo=UTC) == datetime(2025, 6, 3, 14, tzinfo=UTC)
    assert pause.authors == ["Grace Writer"]
    retired = docs["evc-2025-0410"]
    # -0400 offset converted to UTC
    assert retired.published.replace(tzinfo=UTC) == datetime(2025, 4, 10, 13, 30, tzinfo=UTC)
    text = kb.versions(pause)[0].text
    assert text.startswith("Example Vision extends its pause on police sales")
    assert "until June 2026" in text and "<p>" not in text  # content:encoded, tags removed


def test_relative_links_are_resolved_and_a_broken_item_loses_nothing_else(crawl, kb, site):
    """RSS links relative to the feed URL, Atom links relative to (nested) xml:base, and a
    broken item in the middle: every other item is fetched and stored, the broken one is
    reported, and the feed's validators are not saved, so the next crawl reads it in full."""
    report = crawl("fixture_relative_rss", "fixture_relative_atom")
    rss, atom = report["sources"]["fixture_relative_rss"], report["sources"]["fixture_relative_atom"]
    urls = {d.url.split("/relative/")[1] for s in ("fixture_relative_rss", "fixture_relative_atom")
            for d in kb.documents(s)}
    assert urls == {"posts/alpha.html", "posts/beta.html", "posts/gamma.html", "posts/delta.html",
                    "other/epsilon.html"}
    assert len(rss["errors"]) == 1 and "item 2" in rss["errors"][0] and "skipped" in rss["errors"][0]
    assert len(atom["errors"]) == 1 and "item 2" in atom["errors"][0]
    assert report["returncode"] == 1  # a lost item is a failure the analyst sees
    crawl("fixture_relative_rss")
    fetches = [e for e in site.log if e["path"] == "/relative/rss.xml"]
    assert [e["status"] for e in fetches][-1] == 200 and not fetches[-1]["if_none_match"]
