"""Cursor paging, date partitioning of capped queries, and resuming from a job directory."""

from __future__ import annotations

from urllib.parse import parse_qs


def test_cursor_paging_until_next_cursor_is_null(crawl, kb, site):
    report = crawl("fixture_cursor")
    assert report["returncode"] == 0
    cursors = [parse_qs(e["query"])["cursor"][0] for e in site.log if e["path"] == "/cursor/works"]
    assert cursors == ["*", "Q2Fixture2"]
    docs = {d.key: d for d in kb.documents("fixture_cursor")}
    assert len(docs) == 3
    assert docs["https://openalex.org/W9000000002"].authors == ["Ned Survey", "Ola Data"]
    text = kb.versions(docs["https://openalex.org/W9000000003"])[0].text
    # the inverted abstract index is read back in word order
    assert text.endswith("False non-match rates rise sharply for children under eight.")


def test_capped_query_is_split_by_date_until_every_part_fits(crawl, kb, site):
    report = crawl("fixture_partitioned", args=("--since", "2024-01-01"))
    assert report["returncode"] == 0, report["sources"]["fixture_partitioned"]["errors"]
    assert {d.key for d in kb.documents("fixture_partitioned")} == {f"P-{i}" for i in range(1, 6)}
    windows = [(q["gte"][0], q["lte"][0]) for q in
               (parse_qs(e["query"]) for e in site.log if e["path"] == "/partitioned/docs.json")]
    assert windows[0][0] == "2024-01-01"  # the full window first, then halves
    assert len(windows) > 3


def test_interrupted_crawl_resumes_from_its_job_directory(crawl, kb, site, tmp_path):
    jobdir = tmp_path / "jobs"
    first = crawl("fixture_listing", args=("--jobdir", str(jobdir), "--set",
                                           "CLOSESPIDER_PAGECOUNT=2", "--set", "CONCURRENT_REQUESTS=1"))
    assert first["sources"]["fixture_listing"]["finish_reason"] == "closespider_pagecount"
    assert (jobdir / "fixture_listing" / "requests.seen").exists()
    stored_first = len(kb.documents("fixture_listing"))
    assert stored_first < 3
    second = crawl("fixture_listing", args=("--jobdir", str(jobdir)))
    assert second["sources"]["fixture_listing"]["finish_reason"] == "finished"
    paths = [e["path"] for e in site.log]
    assert "/listing/" not in paths  # the first listing page was not fetched again
    assert len(kb.documents("fixture_listing")) == 3
    assert not (jobdir / "fixture_listing").exists()  # a finished crawl leaves no state


def test_cursor_paging_sends_no_cursor_on_the_first_request_unless_given(crawl, kb, site):
    """Most cursor APIs want no cursor at all on page one; `first` in the YAML sets one."""
    report = crawl("fixture_cursor_nofirst")
    assert report["returncode"] == 0, report["sources"]["fixture_cursor_nofirst"]["errors"]
    queries = [parse_qs(e["query"]) for e in site.log if e["path"] == "/cursor/works"]
    assert "cursor" not in queries[0] and queries[1]["cursor"] == ["Q2Fixture2"]
    assert report["sources"]["fixture_cursor_nofirst"]["new"] >= 3
