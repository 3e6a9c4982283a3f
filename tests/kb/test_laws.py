"""Bills' stages from their sources' records and texts, and the status of their measures."""

from __future__ import annotations

from datetime import date

from kb.constants import LawStage, MeasureStatus
from kb.laws import law_record, measure_status

STATE_BILL = {
    "identifier": "SB 77", "jurisdiction": "Ohio", "jurisdiction_level": "state",
    "actions": [
        {"date": "2021-02-01", "classification": ["introduction"], "description": "Introduced"},
        {"date": "2021-04-10", "classification": ["passage"], "description": "Passed Senate"},
        {"date": "2021-06-02", "classification": ["passage"], "description": "Passed House"},
        {"date": "2021-06-20", "classification": ["executive-signature"], "description": "Signed"},
    ],
}


def test_state_bill_stages_and_enactment():
    law = law_record(STATE_BILL, "The ban takes effect January 1, 2022 and expires on July 1, 2024.")
    assert [str(e.stage) for e in law.stages][:4] == ["introduced", "passed one chamber", "passed", "enacted"]
    assert law.enacted == date(2021, 6, 20) and law.effective == date(2022, 1, 1)
    assert law.first(LawStage.EXPIRED) == date(2024, 7, 1)


def test_measure_follows_the_bill_through_time():
    law = law_record(STATE_BILL, "The ban takes effect January 1, 2022 and expires on July 1, 2024.")
    assert measure_status(law, None, None, date(2021, 9, 1)) == (MeasureStatus.ENACTED, date(2022, 1, 1))
    assert measure_status(law, None, None, date(2023, 1, 1)) == (MeasureStatus.IN_FORCE, date(2022, 1, 1))
    assert measure_status(law, None, None, date(2025, 1, 1))[0] == MeasureStatus.EXPIRED
    # a start the extractor took from the introduction never survives
    assert measure_status(law, date(2021, 2, 1), None, date(2023, 1, 1))[1] == date(2022, 1, 1)


def test_introduced_bill_is_proposed_with_no_start():
    meta = {"identifier": "S 4084", "actions": [
        {"date": "2020-06-25", "classification": ["introduction"], "description": "Introduced in Senate"}],
        "latest_action": "Read twice and referred to the Committee on the Judiciary."}
    law = law_record(meta, "")
    assert law.stage == LawStage.INTRODUCED
    assert measure_status(law, date(2020, 6, 25), None, date(2026, 1, 1)) == (MeasureStatus.PROPOSED, None)


def test_council_ordinance_is_law_on_final_passage():
    meta = {"identifier": "Ordinance 190114", "jurisdiction_level": "municipality", "actions": [
        {"date": "2020-09-03", "classification": ["introduction"], "description": "first reading"},
        {"date": "2020-09-09", "classification": ["passage"], "description": "passed as amended"}],
        "latest_action": "Passed as amended; effective January 1, 2021"}
    law = law_record(meta, "")
    assert law.enacted == date(2020, 9, 9) and law.effective == date(2021, 1, 1)
    assert measure_status(law, None, None, date(2020, 12, 1))[0] == MeasureStatus.ENACTED


def test_failed_vetoed_and_repealed():
    vetoed = law_record({"actions": [
        {"date": "2020-01-02", "classification": ["introduction"]},
        {"date": "2020-05-02", "classification": ["executive-veto"], "description": "Vetoed"}]}, "")
    assert vetoed.stage == LawStage.VETOED
    assert measure_status(vetoed, None, None)[0] == MeasureStatus.FAILED
    repealed = law_record({"latest_action": "Became Public Law No: 117-1.", "latest_action_date": "2021-03-01"},
                          "The ban was repealed on March 1, 2023.")
    assert measure_status(repealed, None, None, date(2024, 1, 1))[0] == MeasureStatus.REPEALED


def test_legistar_record_and_congress_latest_action():
    legistar = law_record({"file": "190110", "intro_date": "2019-01-29T00:00:00",
                           "passed_date": "2019-05-21T00:00:00", "status": "Passed"}, "", kind="ordinance")
    assert legistar.local and legistar.enacted == date(2019, 5, 21)
    congress = law_record({"type": "HR", "number": "3907", "latest_action": "Referred to the House "
                           "Committee on the Judiciary.", "latest_action_date": "2023-06-07"}, "")
    assert congress.identifier == "HR 3907" and congress.stage == LawStage.INTRODUCED



def test_stages_stored_with_the_text_give_the_same_law_as_the_text(engine):
    """The store keeps the stages a bill's text states with its version; a law read back from
    the KB without its text has the same stages and status as one parsed from the text, and a
    version stored before those stages were kept (NULL) is parsed on read."""
    from sqlmodel import select

    from crawler.items import DocumentItem
    from crawler.registry import Source as SourceDef
    from kb import queries, store
    from kb.database import session_scope
    from kb.models import Document, DocumentVersion

    text = "The ban takes effect January 1, 2022 and expires on July 1, 2024."
    src = SourceDef(id="ohio", name="Ohio bills", kind="legislature", spider="feed",
                    start_urls=["http://127.0.0.1/feed.xml"], jurisdiction="Ohio")
    with session_scope(engine) as s:
        store.upsert_source(s, src)
        store.store_document(s, DocumentItem(source_id="ohio", url="http://127.0.0.1/sb77", text=text,
                                             title="SB 77", kind="bill", metadata=STATE_BILL))
    with session_scope(engine) as s:
        version = s.exec(select(DocumentVersion)).one()
        assert version.text_stages == [["effective", "2022-01-01", "takes effect January 1, 2022"],
                                       ["expired", "2024-07-01", "expires on July 1, 2024"]]
        doc = s.exec(select(Document)).one()
        stored = queries.document_laws(s, [doc])[doc.id]
        version.text_stages = None  # as written before migration 0009
        s.add(version)
        s.flush()
        parsed = queries.document_laws(s, [doc])[doc.id]
    news = SourceDef(id="news", name="News", kind="news", spider="feed", start_urls=["http://127.0.0.1/n"])
    with session_scope(engine) as s:  # a news article is no law: nothing is parsed for it
        store.upsert_source(s, news)
        store.store_document(s, DocumentItem(source_id="news", url="http://127.0.0.1/n1", text=text,
                                             title="News", kind="article"))
        assert s.exec(select(DocumentVersion.text_stages).join(Document, Document.id == DocumentVersion.document_id)
                      .where(Document.source_id == "news")).one() is None
    expected = law_record(STATE_BILL, text, title="SB 77", kind="bill").as_dict()
    assert stored.as_dict() == parsed.as_dict() == expected
    assert stored.effective == date(2022, 1, 1) and stored.first(LawStage.EXPIRED) == date(2024, 7, 1)
