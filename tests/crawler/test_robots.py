"""robots.txt per RFC 9309: Disallow is obeyed (test_failures) and a robots.txt that answers
5xx means the whole site is off limits."""

from __future__ import annotations


def test_robots_5xx_disallows_the_whole_site(crawl, kb, site):
    local = site.base_url.replace("127.0.0.1", "localhost")  # the fixture's 503 robots host
    report = crawl("fixture_pdf", base_url=local)
    [error] = report["sources"]["fixture_pdf"]["errors"]
    assert error.endswith("reports/audit.pdf: IgnoreRequest: Forbidden by robots.txt")
    assert [e["path"] for e in site.log] == ["/robots.txt"] * 3  # initial try + 2 retries
    assert kb.documents("fixture_pdf") == []
    assert "treating the site as disallowed" in report["log"]
