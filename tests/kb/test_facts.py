"""Derived facts in the KB: rebuildable, linked, status derived, judgements applied."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func
from sqlmodel import select

from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import queries
from kb.database import session_scope
from kb.extract import extract_all
from kb.models import Alias, Commitment, Entity, Judgement, Mention
from tests.kb.fake_extractor import FakeExtractor, commitment, entity
from kb import store

SRC = SourceDef(id="news", name="News", kind="vendor", spider="feed",
                start_urls=["http://127.0.0.1/feed"])
MORATORIUM = "Amazon Web Services announced a one-year moratorium on police use of Rekognition."
EXTENSION = "Amazon extended its moratorium on police use of Rekognition indefinitely."


def _results():
    return {
        "one-year": lambda t: {
            "entities": [entity(t, "Amazon Web Services", "VENDOR", "Amazon"),
                         entity(t, "Rekognition", "PRODUCT")],
            "commitments": [commitment("Amazon", "moratorium", t, t, start="2020-06-10",
                                       end="2021-06-10", duration="one-year",
                                       product="Rekognition")]},
        "indefinitely": lambda t: {
            "entities": [entity(t, "Amazon", "VENDOR")],
            "commitments": [commitment("Amazon", "extension", t, t, start="2021-05-18",
                                       duration="indefinitely", product="Rekognition")]},
    }


def _add(engine, url, text, published):
    with session_scope(engine) as s:
        store.upsert_source(s, SRC)
        store.store_document(s, DocumentItem(source_id="news", url=url, text=text,
                                             published=datetime(*published, tzinfo=timezone.utc)))


def _load(engine):
    _add(engine, "http://127.0.0.1/a", MORATORIUM, (2020, 6, 10))
    _add(engine, "http://127.0.0.1/b", EXTENSION, (2021, 5, 18))


def test_extension_links_to_moratorium_and_status_is_derived(engine):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    with session_scope(engine) as s:
        rows = {r["action"]: r for r in queries.commitments(s, as_of=date(2026, 1, 1))}
        early = {r["action"]: r for r in queries.commitments(s, as_of=date(2020, 7, 1))}
    assert rows["extension"]["extends"] == rows["moratorium"]["id"]
    assert rows["moratorium"]["status"] == "extended"
    assert rows["extension"]["status"] == "active"
    assert rows["moratorium"]["announced"] == "2020-06-10"
    assert early["moratorium"]["status"] == "extended"  # the link exists whatever the day


def test_unlinked_one_year_moratorium_expires(engine):
    _add(engine, "http://127.0.0.1/a", MORATORIUM, (2020, 6, 10))
    extract_all(engine, FakeExtractor(_results()))
    with session_scope(engine) as s:
        status = lambda d: queries.commitments(s, as_of=d)[0]["status"]  # noqa: E731
        assert status(date(2020, 6, 1)) == "announced"
        assert status(date(2020, 12, 1)) == "active"
        assert status(date(2021, 5, 1)) == "expiring"
        assert status(date(2021, 7, 1)) == "expired"


def test_aliases_resolve_to_one_entity(engine):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    with session_scope(engine) as s:
        amazon = s.exec(select(Entity).where(Entity.name == "Amazon")).one()
        aliases = set(s.exec(select(Alias.alias).where(Alias.entity_id == amazon.id)))
        assert {"amazon", "amazon web services"} <= aliases
        assert s.exec(select(func.count()).select_from(Mention)
                      .where(Mention.entity_id == amazon.id)).one() == 2


def test_rerun_skips_unchanged_and_rebuild_replaces_facts(engine):
    _load(engine)
    fake = FakeExtractor(_results())
    first = extract_all(engine, fake)
    again = extract_all(engine, fake)
    assert (first.documents, again.documents, again.skipped) == (2, 0, 2)
    forced = extract_all(engine, fake, force=True)
    assert forced.documents == 2
    with session_scope(engine) as s:
        assert s.exec(select(func.count()).select_from(Commitment)).one() == 2


def test_rejected_fact_stays_out_after_rebuild(engine):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    with session_scope(engine) as s:
        key = s.exec(select(Commitment.fact_key).where(Commitment.action == "extension")).one()
        s.add(Judgement(kind="reject", target=key, created_at=datetime.now(timezone.utc)))
    extract_all(engine, FakeExtractor(_results()), force=True)
    with session_scope(engine) as s:
        actions = [r["action"] for r in queries.commitments(s)]
    assert actions == ["moratorium"]


def test_split_judgement_stops_fuzzy_merge(engine):
    from kb.resolve import Resolver

    with session_scope(engine) as s:
        r = Resolver(s)
        a = r.resolve("Clearview AI", "VENDOR")
        assert r.resolve("Clearview AI.", "VENDOR") == a  # fuzzy match
        s.add(Judgement(kind="split", target="Clearview AI.|VENDOR",
                        created_at=datetime.now(timezone.utc)))
        s.flush()
        assert Resolver(s).resolve("Clearview AI.", "VENDOR") != a


@pytest.mark.postgres
def test_same_facts_on_postgres(pg_url):
    from kb.database import make_engine

    eng = make_engine(pg_url)
    try:
        _load(eng)
        first = extract_all(eng, FakeExtractor(_results()))
        again = extract_all(eng, FakeExtractor(_results()))
        assert (first.documents, again.documents) == (2, 0)
        with session_scope(eng) as s:
            rows = {r["action"]: r for r in queries.commitments(s, as_of=date(2026, 1, 1))}
        assert rows["moratorium"]["status"] == "extended"
        assert rows["extension"]["extends"] == rows["moratorium"]["id"]
    finally:
        eng.dispose()


def test_extractor_gets_kind_title_and_bill_jurisdiction_as_hints(engine):
    bills = SourceDef(id="bills", name="Bills", kind="legislature", spider="json_api",
                      jurisdiction="us", start_urls=["http://127.0.0.1/bills"])
    with session_scope(engine) as s:
        store.upsert_source(s, bills)
        store.upsert_source(s, SRC)
        store.store_document(s, DocumentItem(
            source_id="bills", url="http://127.0.0.1/bills/1", kind="bill",
            title="Stop Secret Surveillance Ordinance", metadata={"jurisdiction": "San Francisco"},
            text="Prohibits city departments from acquiring face recognition technology."))
        store.store_document(s, DocumentItem(
            source_id="bills", url="http://127.0.0.1/bills/2", kind="bill", title="A bill",
            text="Bans law enforcement use of face surveillance."))
        store.store_document(s, DocumentItem(source_id="news", url="http://127.0.0.1/n",
                                             kind="announcement", title="Statement", text=MORATORIUM))
    fake = FakeExtractor(_results())
    extract_all(engine, fake)
    assert sorted(fake.hints, key=lambda h: h["title"]) == [
        {"kind": "bill", "actor": "us", "title": "A bill"},  # no metadata: the source's
        {"kind": "announcement", "actor": None, "title": "Statement"},
        {"kind": "bill", "actor": "San Francisco", "title": "Stop Secret Surveillance Ordinance"},
    ]


def test_extension_covers_every_report_of_the_same_moratorium(engine):
    _load(engine)
    _add(engine, "http://127.0.0.1/c", "Recap: " + MORATORIUM, (2020, 6, 12))
    extract_all(engine, FakeExtractor(_results()))
    with session_scope(engine) as s:
        rows = queries.commitments(s, action="moratorium", as_of=date(2026, 1, 1))
    assert len(rows) == 2 and {r["status"] for r in rows} == {"extended"}, rows
