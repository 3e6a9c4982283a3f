"""Timeline events and rendered reports, from a KB built with the fake extractor."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store, timeline
from kb.database import session_scope
from kb.extract import extract_all
from reports.render import render, write_reports
from tests.kb.fake_extractor import FakeExtractor
from tests.kb.test_facts import _load, _results

BILLS = SourceDef(id="bills", name="Bills", kind="legislature", spider="json_api",
                  api_base="http://127.0.0.1/bills")


def _bill(engine):
    with session_scope(engine) as s:
        store.upsert_source(s, BILLS)
        store.store_document(s, DocumentItem(
            source_id="bills", url="http://127.0.0.1/bills/190110", title="Stop Secret Surveillance",
            text="Bans city departments from using face recognition.", kind="bill",
            published=datetime(2019, 1, 29, tzinfo=timezone.utc),
            metadata={"identifier": "File No. 190110", "latest_action": "FINALLY PASSED",
                      "latest_action_date": "2019-05-21", "jurisdiction": "San Francisco"}))


def test_timeline_orders_laws_actions_and_commitment_ends(engine):
    _load(engine)
    _bill(engine)
    extract_all(engine, FakeExtractor(_results()))
    with session_scope(engine) as s:
        events = timeline.events(s, as_of=date(2026, 1, 1))
    summaries = [(e["date"], e["kind"], e["summary"]) for e in events]
    assert summaries == sorted(summaries, key=lambda x: (x[0], x[1]))
    # a bill appears through its dated stages (a council's final passage makes it law)
    assert ("2019-05-21", "law passed", "File No. 190110: passed (FINALLY PASSED)") in summaries
    assert ("2019-05-21", "law enacted", "File No. 190110: enacted (FINALLY PASSED)") in summaries
    end = next(e for e in events if e["kind"] == "commitment end")
    assert end["date"] == "2021-06-10" and "was due to end, then extended" in end["summary"]


def test_reports_cite_every_commitment_and_law(engine, tmp_path):
    _load(engine)
    _bill(engine)
    extract_all(engine, FakeExtractor(_results()))
    files = write_reports(engine, tmp_path, as_of=date(2026, 1, 1))
    assert sorted(p.name for p in files) == ["briefing.html", "briefing.md", "timeline.html",
                                             "timeline.md"]
    md = (tmp_path / "briefing.md").read_text()
    assert "### Amazon: moratorium (police)" in md and "Status: **extended**" in md
    assert "http://127.0.0.1/a" in md and "File No. 190110" in md
    html = (tmp_path / "briefing.html").read_text()
    assert "<blockquote>" + "Amazon Web Services announced" in html
    assert not list(tmp_path.glob(".*.tmp")), "no temporary files left behind"


def test_briefing_shows_one_section_per_promise_with_every_report(engine, tmp_path):
    from tests.kb.test_facts import MORATORIUM, _add

    _load(engine)
    _add(engine, "http://127.0.0.1/recap", "A week ago, " + MORATORIUM, (2020, 6, 17))
    extract_all(engine, FakeExtractor(_results()))
    write_reports(engine, tmp_path, as_of=date(2026, 1, 1))
    md = (tmp_path / "briefing.md").read_text()
    section = md.split("### Amazon: moratorium (police)")[1].split("###")[0]
    assert md.count("### Amazon: moratorium (police)") == 1
    assert "http://127.0.0.1/a)" in section and "http://127.0.0.1/recap)" in section
    assert "Report 2: \"A week ago," in section
    extension = md.split("### Amazon: extension")[1].split("###")[0]
    assert "(follows Amazon moratorium of 2020-06-10)" in extension


def test_unknown_template_is_a_clear_error():
    with pytest.raises(ValueError, match="nope.j2 is not a valid template"):
        render("nope.j2")
