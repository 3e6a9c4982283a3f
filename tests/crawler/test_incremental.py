"""Conditional GETs on a second crawl, and exactly one new version for a changed page."""

from __future__ import annotations

import pytest

from tests.crawler.conftest import run_crawl_subprocess


def test_second_crawl_sends_conditional_requests_and_writes_nothing(crawl, kb, site):
    crawl("fixture_listing", "fixture_pdf")
    before = kb.version_count()
    report = crawl("fixture_listing", "fixture_pdf")
    articles = [e for e in site.log if e["path"].startswith("/listing/posts/")
                and not e["path"].endswith("missing.html")]
    assert articles and all(e["if_none_match"] for e in articles)
    assert all(e["status"] == 304 for e in articles)
    listing = report["sources"]["fixture_listing"]
    assert (listing["new"], listing["changed"], listing["not_modified"]) == (0, 0, 3)
    assert report["sources"]["fixture_pdf"]["not_modified"] == 1
    assert kb.version_count() == before
    runs = kb.runs()
    assert [r.kind for r in runs] == ["crawl", "crawl"]
    assert runs[1].stats["sources"]["fixture_listing"]["not_modified"] == 3


def test_unchanged_feed_and_sitemap_answer_304_and_stop_there(crawl, kb, site):
    first = crawl("fixture_rss", "fixture_sitemap")
    assert first["sources"]["fixture_rss"]["new"] == 2
    report = crawl("fixture_rss", "fixture_sitemap")
    by_path = {e["path"]: e for e in site.log}
    assert by_path["/news/feed.xml"]["if_none_match"] and by_path["/news/feed.xml"]["status"] == 304
    assert by_path["/sm/sitemap_index.xml"]["status"] == 304
    child = by_path["/sm/sitemap-2025.xml.gz"]  # still asked: a child may change behind its index
    assert child["if_none_match"] and child["status"] == 304
    assert all(report["sources"][s]["items"] == 0 for s in ("fixture_rss", "fixture_sitemap"))
    again = crawl("fixture_rss", args=("--since", "2025-01-01"))  # --since re-reads pages
    assert [e["status"] for e in site.log if e["path"] == "/news/feed.xml"] == [200]
    assert again["sources"]["fixture_rss"]["unchanged"] == 2


def test_changing_one_page_yields_exactly_one_new_version(crawl, kb, site):
    crawl("fixture_listing")
    page = "listing/posts/meta-only.html"
    original = (site_file(page)).read_bytes()
    site.override(page, original.replace(b"at least three years", b"at least five years"))
    try:
        report = crawl("fixture_listing")
    finally:
        site.override(page, None)
    stats = report["sources"]["fixture_listing"]
    assert (stats["new"], stats["changed"], stats["not_modified"]) == (0, 1, 2)
    [doc] = [d for d in kb.documents("fixture_listing") if d.url.endswith("meta-only.html")]
    versions = kb.versions(doc)
    assert [v.version_no for v in versions] == [1, 2]
    assert "five years" in versions[1].text and "three years" in versions[0].text


def test_user_agent_identifies_frt_with_contact(crawl, site):
    crawl("fixture_pdf", env={"FRT_CONTACT": "mailto:ops@example.org"})
    agents = {e["user_agent"] for e in site.log}
    assert agents == {"frt/0.1 (facial-recognition policy tracker; +mailto:ops@example.org)"}


def site_file(rel: str):
    from tests.crawler.fixture_server import SITES

    return SITES / rel


@pytest.mark.postgres
def test_crawl_into_postgres_twice(site, pg_url):
    first = run_crawl_subprocess(site, pg_url, "fixture_listing", "fixture_fedreg")
    assert first["sources"]["fixture_listing"]["new"] == 3
    assert first["sources"]["fixture_fedreg"]["new"] == 3
    second = run_crawl_subprocess(site, pg_url, "fixture_listing", "fixture_fedreg")
    assert second["sources"]["fixture_listing"]["not_modified"] == 3
    assert second["sources"]["fixture_fedreg"]["unchanged"] == 3
    assert second["sources"]["fixture_fedreg"]["new"] == 0


def test_a_failed_article_keeps_its_feed_from_being_skipped_next_time(crawl, kb, site):
    """The feed's validators are saved only when everything it led to went through: with one
    article failing, the next crawl reads the feed in full (no 304) and tries it again."""
    first = crawl("fixture_missing_child")
    stats = first["sources"]["fixture_missing_child"]
    assert stats["new"] == 1 and len(stats["errors"]) == 1 and "gone.html" in stats["errors"][0]
    crawl("fixture_missing_child")  # site.log holds this crawl's requests
    feed = [e for e in site.log if e["path"] == "/relative/rss_missing.xml"]
    assert [e["status"] for e in feed] == [200] and not feed[0]["if_none_match"]
    assert [e for e in site.log if e["path"] == "/relative/posts/gone.html"]  # retried


def test_child_sitemap_whose_listed_lastmod_moved_is_read_in_full(crawl, site):
    """The index lists a newer lastmod for a child whose own validators still match: the child
    is read in full (no If-None-Match), since a server may keep an ETag across a regeneration."""
    crawl("fixture_sitemap")
    index = "sm/sitemap_index.xml"
    site.override(index, site_file(index).read_bytes().replace(b"2025-06-01", b"2025-07-15"))
    try:
        crawl("fixture_sitemap")
        child = [e for e in site.log if e["path"] == "/sm/sitemap-2025.xml.gz"]
        assert [(bool(e["if_none_match"]), e["status"]) for e in child] == [(False, 200)]  # log is per crawl
        crawl("fixture_sitemap")  # the same lastmod as last time: asked conditionally again
        child = [e for e in site.log if e["path"] == "/sm/sitemap-2025.xml.gz"]
        assert [(bool(e["if_none_match"]), e["status"]) for e in child] == [(True, 304)]
    finally:
        site.override(index, None)
