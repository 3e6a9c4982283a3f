"""Sitemap, HTML listing and PDF spiders: article metadata, gzip, lastmod, PDF checks."""

from __future__ import annotations

from datetime import UTC, datetime


def test_sitemap_index_gzip_lastmod_and_exclude(crawl, kb, site):
    report = crawl("fixture_sitemap")
    assert report["returncode"] == 0, report["sources"]["fixture_sitemap"]["errors"]
    fetched = {e["path"] for e in site.log}
    assert "/sm/sitemap-2025.xml.gz" in fetched
    assert "/sm/sitemap-2019.xml" not in fetched  # its lastmod is before lastmod_since
    assert "/sm/careers/engineer.html" not in fetched  # url_exclude
    assert "/sm/pages/2023-01-09-Old-Item.html" not in fetched  # old lastmod
    docs = {d.url.rsplit("/", 1)[-1]: d for d in kb.documents("fixture_sitemap")}
    assert set(docs) == {"2025-05-20-Vendor-Commits-To-Audit.html", "2025-02-11-Sale-Pause-Ends.html"}
    audit = docs["2025-05-20-Vendor-Commits-To-Audit.html"]
    assert audit.title == "Fixture Systems commits to annual bias audits"
    assert audit.authors == ["Fixture Systems Newsroom"]
    pause = docs["2025-02-11-Sale-Pause-Ends.html"]  # no JSON-LD: meta tag date
    assert pause.published.replace(tzinfo=UTC) == datetime(2025, 2, 11, 9, tzinfo=UTC)


def test_listing_articles_jsonld_graph_meta_and_next_page(crawl, kb):
    report = crawl("fixture_listing")
    stats = report["sources"]["fixture_listing"]
    assert stats["new"] == 3
    assert stats["errors"] == [f"{report_base(report)}/listing/posts/missing.html: HTTP 404"]
    docs = {d.title: d for d in kb.documents("fixture_listing")}
    warrant = docs["Why we ask for a warrant first"]
    assert warrant.authors == ["Iris Policy", "Jon Counsel"]
    assert warrant.published.replace(tzinfo=UTC) == datetime(2025, 1, 5, 0, tzinfo=UTC)
    assert warrant.canonical_url.endswith("/listing/posts/warrant-first.html")  # utm_ dropped
    text = kb.versions(warrant)[0].text
    assert "warrant signed by a judge" in text and "Menu Home" not in text
    audit = docs["Our accuracy audit results"]  # NewsArticle inside @graph, articleBody
    assert audit.authors == ["Kim Auditor"]
    assert "false match rate of 0.3 percent" in kb.versions(audit)[0].text
    meta_only = docs["Principles for public sector deployments"]  # found on page 2
    assert meta_only.authors == ["Lee Ethics"]
    assert "human reviewer" in kb.versions(meta_only)[0].text


def report_base(report) -> str:
    return report["sources"]["fixture_listing"]["errors"][0].split("/listing/")[0]


def test_pdf_text_per_page_and_raw_hash(crawl, kb):
    report = crawl("fixture_pdf")
    assert report["returncode"] == 0
    [doc] = kb.documents("fixture_pdf")
    assert doc.content_type == "application/pdf"
    assert doc.title == "Fixture Audit of Face Recognition Use by City Agencies"
    [version] = kb.versions(doc)
    assert len(version.pages) == 2
    assert "412 searches" in version.pages[0] and "0.8 percent" in version.pages[1]
    assert len(version.raw_sha256) == 64
    # no date from the source: the PDF's own information dictionary (CreationDate) dates it
    from crawler.extract.pdftext import read_pdf

    from .fixture_server import SITES

    created = read_pdf((SITES / "reports" / "audit.pdf").read_bytes()).created
    assert created is not None and doc.published.replace(tzinfo=None) == created.replace(tzinfo=None)


def test_html_served_where_a_pdf_was_expected_is_reported(crawl, kb):
    report = crawl("fixture_pdf_viewer", "fixture_pdf")
    [error] = report["sources"]["fixture_pdf_viewer"]["errors"]
    assert "expected a PDF, got text/html" in error
    assert kb.documents("fixture_pdf_viewer") == []
    assert report["sources"]["fixture_pdf"]["new"] == 1


def test_html_served_as_a_pdf_is_sniffed_and_read_as_html(crawl, kb):
    report = crawl("fixture_pdf_mislabeled", "fixture_pdf_viewer")
    assert report["sources"]["fixture_pdf_mislabeled"]["errors"] == []
    [doc] = kb.documents("fixture_pdf_mislabeled")
    assert doc.title == "Council report on face surveillance"
    assert "stop using face surveillance" in kb.versions(doc)[0].text
    # a viewer page served as text/html where a PDF was expected is still reported
    assert "expected a PDF, got text/html" in report["sources"]["fixture_pdf_viewer"]["errors"][0]


def test_pages_source_stores_each_listed_url_as_what_it_is(crawl, kb):
    report = crawl("fixture_pages")
    assert report["returncode"] == 0, report["sources"]["fixture_pages"]["errors"]
    docs = {d.url.rsplit("/", 1)[1].split("?")[0]: d for d in kb.documents("fixture_pages")}
    assert set(docs) == {"warrant-first.html", "audit.pdf", "mislabeled.pdf"}
    assert docs["audit.pdf"].content_type == "application/pdf"
    assert docs["mislabeled.pdf"].title == "Council report on face surveillance"
