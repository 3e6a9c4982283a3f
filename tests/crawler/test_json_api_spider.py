"""JSON API spider against Federal Register, congress.gov, Open States and Legistar
imitations: each paging style, API keys from the environment, tz-less datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs


def _queries(site, path):
    return [parse_qs(e["query"]) for e in site.log if e["path"] == path]


def test_federal_register_follows_next_page_url_until_null(crawl, kb, site):
    report = crawl("fixture_fedreg")
    stats = report["sources"]["fixture_fedreg"]
    assert report["returncode"] == 0, stats["errors"]
    assert (stats["pages"], stats["new"]) == (2, 3)
    first = _queries(site, "/fr/api/v1/documents.json")[0]
    assert first["conditions[term]"] == ["facial recognition"]  # server-side keyword
    docs = {d.key: d for d in kb.documents("fixture_fedreg")}
    rule = docs["2025-90002"]
    assert rule.meta["type"] == "Rule"
    assert rule.meta["agencies"] == ["Fixture Border Agency"]
    assert rule.url.startswith("https://www.federalregister.gov/documents/2025/02/18/")
    assert "fourteen days" in kb.versions(rule)[0].text


def test_congress_offset_paging_key_from_env_and_local_keywords(crawl, kb, site):
    report = crawl("fixture_congress")
    stats = report["sources"]["fixture_congress"]
    assert report["returncode"] == 0, stats["errors"]
    offsets = [q["offset"][0] for q in _queries(site, "/congress/v3/bill")]
    assert offsets == ["0", "2"]  # the short second page ends the walk
    assert all(q["api_key"] == ["fixture-secret"] for q in _queries(site, "/congress/v3/bill"))
    titles = sorted(kb.versions(d)[0].text.splitlines()[0] for d in kb.documents("fixture_congress"))
    # the broadband bill is dropped locally (congress.gov ignores query=); the bill with an
    # empty title is kept because its latest action mentions facial recognition
    assert len(titles) == 2
    assert titles[0].startswith("Facial Recognition Act of 2025")


def test_missing_api_key_is_one_clear_error(crawl, kb):
    report = crawl("fixture_congress", env={"FRT_FIXTURE_CONGRESS_KEY": None})
    errors = report["sources"]["fixture_congress"]["errors"]
    assert errors == ["environment variable FRT_FIXTURE_CONGRESS_KEY is not set (API key)"]
    assert report["returncode"] == 1


def test_open_states_404_past_last_page_ends_cleanly(crawl, kb, site):
    report = crawl("fixture_openstates")
    stats = report["sources"]["fixture_openstates"]
    assert stats["errors"] == [] and report["returncode"] == 0
    statuses = [e["status"] for e in site.log if e["path"] == "/openstates/bills"]
    assert statuses == [200, 200, 404]
    keys = {d.key for d in kb.documents("fixture_openstates")}
    assert "ocd-bill/0000aaaa-1111-2222-3333-444455556666" in keys and len(keys) == 4


def test_legistar_odata_paging_and_tzless_datetimes_as_utc(crawl, kb, site):
    report = crawl("fixture_legistar")
    assert report["returncode"] == 0
    skips = [q["$skip"][0] for q in _queries(site, "/legistar/v1/sfgov/matters")]
    assert skips == ["0", "2"]
    docs = {d.key: d for d in kb.documents("fixture_legistar")}
    assert set(docs) == {"7001", "7002", "7003"}
    modified = docs["7001"].modified.replace(tzinfo=UTC)
    assert modified == datetime(2025, 4, 3, 17, 45, 12, 313000, tzinfo=UTC)
    assert docs["7001"].meta["file"] == "250101"


def test_watermark_becomes_the_next_crawls_filter(crawl, site):
    crawl("fixture_legistar")
    crawl("fixture_legistar")
    first = _queries(site, "/legistar/v1/sfgov/matters")[0]
    assert first["$filter"] == ["MatterLastModifiedUtc gt datetime'2025-04-03T17:45:12'"]


def test_since_option_overrides_the_watermark(crawl, site):
    crawl("fixture_openstates", args=("--since", "2025-05-01"))
    first = _queries(site, "/openstates/bills")[0]
    assert first["updated_since"] == ["2025-05-01"]
    assert first["q"] == ["facial recognition"]


def test_records_pointing_at_pdfs_store_the_pdf_text(crawl, kb):
    report = crawl("fixture_fedreg_pdfs")
    stats = report["sources"]["fixture_fedreg_pdfs"]
    [error] = stats["errors"]
    assert "viewer.pdf: expected a PDF, got text/html" in error  # reported, not stored
    [doc] = kb.documents("fixture_fedreg_pdfs")
    assert doc.key == "2025-90101" and doc.content_type == "application/pdf"
    assert doc.title == "Audit of Face Recognition Use by City Agencies (grant report)"
    assert doc.meta["agencies"] == ["Fixture Justice Office"]
    assert doc.published.year == 2025 and doc.published.month == 4
    assert len(kb.versions(doc)[0].pages) == 2


def test_fan_out_asks_each_value_with_its_own_paging(crawl, kb, site):
    """One source over a list of jurisdictions: each value replaces the static parameter and
    is paged on its own; the same bill listed twice is stored once."""
    report = crawl("fixture_openstates_fanout")
    stats = report["sources"]["fixture_openstates_fanout"]
    assert report["returncode"] == 0, stats["errors"]
    asked = [(q["jurisdiction"], q.get("page", ["1"])[0]) for q in _queries(site, "/openstates/bills")]
    assert all(len(j) == 1 for j, _ in asked)  # never both the static and the fanned-out value
    assert sorted((j[0], p) for j, p in asked) == [("ca", "1"), ("ca", "2"), ("ca", "3"),
                                                   ("ma", "1"), ("ma", "2"), ("ma", "3")]
    single = {d.key for d in kb.documents("fixture_openstates_fanout")}
    crawl("fixture_openstates")
    assert single == {d.key for d in kb.documents("fixture_openstates")}
