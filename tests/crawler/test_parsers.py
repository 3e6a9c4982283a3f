"""Parsing units: dates, dotted paths, feeds (both arXiv styles), articles, Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawler.extract.article import extract_article
from crawler.extract.dates import iso_utc, parse_date
from crawler.extract.feeds import FeedError, arxiv_id, parse_feed
from crawler.extract.paths import get_path, get_text
from crawler.middlewares import retry_after_seconds
from tests.crawler.fixture_server import SITES


@pytest.mark.parametrize("text, expected", [
    ("Wed, 10 Jun 2020 16:00:00 +0000", datetime(2020, 6, 10, 16, tzinfo=UTC)),
    ("Thu, 10 Apr 2025 09:30:00 -0400", datetime(2025, 4, 10, 13, 30, tzinfo=UTC)),
    ("2024-01-03T18:00:00Z", datetime(2024, 1, 3, 18, tzinfo=UTC)),
    ("2025-04-03T17:45:12.313", datetime(2025, 4, 3, 17, 45, 12, 313000, tzinfo=UTC)),  # Legistar
    ("2025-02-11", datetime(2025, 2, 11, tzinfo=UTC)),
    ("", None),
    ("not a date at all", None),
])
def test_parse_date(text, expected):
    parsed = parse_date(text)
    assert (parsed.astimezone(UTC) if parsed else None) == expected


def test_watermark_strings_sort_like_times():
    early = iso_utc(parse_date("2025-04-10T09:30:00-04:00"))
    late = iso_utc(parse_date("2025-04-10T14:00:00Z"))
    assert early == "2025-04-10T13:30:00+00:00" and early < late


@pytest.mark.parametrize("path, expected", [
    ("pagination.next", "n"), ("agencies[*].name", ["A", "B"]), ("missing.x", None),
    ("$", {"pagination": {"next": "n"}, "agencies": [{"name": "A"}, {"name": "B"}]}),
])
def test_get_path(path, expected):
    record = {"pagination": {"next": "n"}, "agencies": [{"name": "A"}, {"name": "B"}]}
    assert get_path(record, path) == expected


def test_get_text_joins_lists_and_drops_empty():
    assert get_text({"a": [{"n": "X"}, {"n": "Y"}]}, "a[*].n") == "X, Y"
    assert get_text({"title": ""}, "title") is None
    assert get_text({"id": 7001}, "id") == "7001"


def test_both_arxiv_styles_parse_to_the_same_shape():
    old = parse_feed((SITES / "arxiv/old_s0.xml").read_bytes())
    new = parse_feed((SITES / "arxiv/new_s0.xml").read_bytes())
    assert old.title.startswith("ArXiv Query:") and new.title.startswith("arXiv Query:")
    assert (old.total, new.total) == (3, 2)
    assert old.entries[0].extra["pdf_url"] == "http://arxiv.org/pdf/2401.11111v2"
    assert new.entries[0].extra["pdf_url"] == "https://arxiv.org/pdf/2509.44444v1"
    assert arxiv_id(old.entries[0].id) == ("2401.11111", "2")
    assert arxiv_id(new.entries[0].id) == ("2509.44444", "1")
    assert arxiv_id("https://example.org/a") is None


def test_arxiv_error_feed_and_malformed_xml_raise():
    with pytest.raises(FeedError, match="incorrect id format"):
        parse_feed((SITES / "arxiv/error.xml").read_bytes())
    with pytest.raises(FeedError, match="malformed feed"):
        parse_feed((SITES / "bad/feed.xml").read_bytes())
    with pytest.raises(FeedError, match="neither"):
        parse_feed(b"<html><body>not a feed</body></html>")


def test_article_prefers_jsonld_then_meta_then_text():
    graph = extract_article((SITES / "listing/posts/audit-results.html").read_text(), "http://x/")
    assert graph.title == "Our accuracy audit results" and graph.authors == ["Kim Auditor"]
    assert graph.text.startswith("An independent lab")
    meta = extract_article((SITES / "listing/posts/meta-only.html").read_text(), "http://x/")
    assert meta.published == datetime(2024, 11, 20, 15, tzinfo=UTC)
    assert meta.authors == ["Lee Ethics"] and "human reviewer" in meta.text
    assert "Home | Blog" not in meta.text


def test_retry_after_seconds_and_http_date():
    assert retry_after_seconds(b"7") == 7.0
    soon = (datetime.now(UTC) + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 25 <= retry_after_seconds(soon) <= 31
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None


def test_transforms_for_api_fields():
    from crawler.extract.transforms import base64_text, date_parts, inverted_index, strip_html

    assert inverted_index({"recognition": [1, 3], "Face": [0], "audits": [2]}) == \
        "Face recognition audits recognition"
    assert date_parts({"date-parts": [[2024, 5]]}) == "2024-05-01"  # Crossref partial date
    assert date_parts({"date-parts": [[None]]}) is None
    assert strip_html("<p>Bans <b>face</b> recognition &amp; more</p>") == "Bans face recognition & more"
    assert base64_text("RmFjZSBiYW4=") == "Face ban"


def test_titles_prefer_the_headline_and_drop_the_site_name():
    from crawler.extract.article import extract_article, strip_site_name

    def title(head):
        return extract_article(f"<html><head>{head}</head><body><p>x</p></body></html>", "http://127.0.0.1/").title

    ld = '<script type="application/ld+json">{"@type":"WebPage","name":"Example News"}</script>'
    assert title(f"<title>Amazon pauses police sales | Example News</title>{ld}") == "Amazon pauses police sales"
    assert title(ld) == "Example News"  # a WebPage name is the last resort
    assert title('<meta property="og:title" content="OG headline"><title>Other | Site</title>') == "OG headline"
    assert strip_site_name("Amazon pauses sales - Example News", "Example News") == "Amazon pauses sales"
    assert strip_site_name("Pre-trial hearing - day two") == "Pre-trial hearing - day two"
