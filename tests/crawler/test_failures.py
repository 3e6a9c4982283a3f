"""Misbehaving servers: each failure is a logged one-line reason, never a crash, and the
other sources of the same run still finish."""

from __future__ import annotations


def test_failures_are_reported_and_other_sources_finish(crawl, kb, site):
    report = crawl("fixture_flaky", "fixture_robots", "fixture_bad_feed", "fixture_pdf")
    flaky = report["sources"]["fixture_flaky"]
    reasons = "\n".join(flaky["errors"])
    assert "unavailable.html: HTTP 503" in reasons
    assert "redirect loop" in reasons and "/loop/b" in reasons
    assert "huge/report.pdf" in reasons and "larger than download max size" in reasons
    stream = next(r for r in flaky["errors"] if "huge/stream.pdf" in r)  # no Content-Length
    assert "larger than download max size" in stream
    assert len(flaky["errors"]) == 4
    # 429 with Retry-After: waited, retried, then stored
    for path in ("/flaky/slow-down.html", "/flaky/busy-no-header.html"):
        hits = [e for e in site.log if e["path"] == path]
        assert [e["status"] for e in hits] == [429, 200]
        # waited before retrying: Retry-After (1 s), or the 2 s backoff capped to 1 s in tests
        assert hits[1]["t"] - hits[0]["t"] >= 0.9
    assert sorted(d.title for d in kb.documents("fixture_flaky")) == [
        "Rate limited but patient", "Rate limited without a Retry-After"]
    assert [e["status"] for e in site.log if e["path"] == "/flaky/unavailable.html"] == [503] * 3
    assert report["sources"]["fixture_robots"]["errors"] == [
        f"{site.base_url}/private/report.pdf: IgnoreRequest: Forbidden by robots.txt"]
    assert not any(e["path"] == "/private/report.pdf" for e in site.log)
    [bad] = report["sources"]["fixture_bad_feed"]["errors"]
    assert "malformed feed" in bad
    assert report["sources"]["fixture_pdf"]["new"] == 1
    assert set(report["failed_sources"]) == {"fixture_flaky", "fixture_robots", "fixture_bad_feed"}
    assert report["returncode"] == 1
    assert "Traceback" not in report["log"]
    assert "fixture_flaky: " in report["log"]  # reasons are logged with the source id
