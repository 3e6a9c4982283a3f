"""Light reads (issue 11): a listing or a briefing reads every fact's statuses and dates but
the quotes and citations of the facts it shows only; the indexes those reads use are in the
models and the migrations alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from benchmarks.bench_kb_scale import generate
from kb import queries
from kb.database import make_engine, session_scope
from kb.judgements import fact_judgements
from kb.models import Commitment
from reports import facts
from reports.briefing import briefing_context
from reports.write import _both, write_briefing

AS_OF = date(2026, 6, 1)
COMMITMENT = Commitment.__table__
TABLE = ["id", "actor", "action", "scope", "start", "end", "status", "law", "n_reports", "url"]


def test_migrations_build_the_models_schema_with_the_read_indexes(kb_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from kb.search import include_object

    engine = make_engine(kb_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(context, SQLModel.metadata) == []
        indexes = {(table, tuple(ix["column_names"])) for table in ("document", "commitment")
                   for ix in inspect(conn).get_indexes(table)}
    engine.dispose()
    assert {("document", ("kind",)), ("commitment", ("target",)), ("commitment", ("product",))} <= indexes


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    path = tmp_path_factory.mktemp("light") / "kb.db"
    generate(path, 1500)
    engine = make_engine(str(path))
    yield engine
    engine.dispose()


def _filters(s) -> list[dict]:
    actors = [a for a, _ in s.execute(select(COMMITMENT.c.actor, func.count()).group_by(COMMITMENT.c.actor)
                                      .order_by(func.count().desc(), COMMITMENT.c.actor)) if a]
    return ([{}] + [{"actor": a} for a in actors[:4] + actors[-2:]]
            + [{"actor": actors[0].upper(), "action": "moratorium"}, {"action": "extension"},
               {"actor": actors[1], "status": "active"}, {"status": "in force"}])


def test_light_listing_shows_what_the_whole_one_does(kb):
    """``frt commitments`` as a table: every fact's own fields whole, its reports without
    their quotes; filled, the light listing is the whole one."""
    compared = 0
    with session_scope(kb) as s:
        judged = fact_judgements(s)
        for kw in _filters(s):
            whole = queries.commitment_facts_listed(s, judged, as_of=AS_OF, **kw)
            light = queries.commitment_facts_listed(s, judged, as_of=AS_OF, light=True, **kw)
            assert [[f[c] for c in TABLE] for f in light] == [[f[c] for c in TABLE] for f in whole], kw
            assert all(f["quote"] and f["url"] for f in light)
            if any(f["n_reports"] > 1 for f in light):
                assert any(r["quote"] is None and r["url"] is None for f in light for r in f["reports"])
            queries.fill_commitment_facts(s, light)
            assert light == whole, kw
            rows = queries.commitments(s, as_of=AS_OF, light=True, **kw)
            queries.fill_commitments(s, rows)
            assert rows == queries.commitments(s, as_of=AS_OF, **kw), kw
            compared += len(whole)
        found = queries.findings(s, light=True)
        assert all(f["quote"] is None for f in found)
        queries.fill_findings(s, found)
        assert found == queries.findings(s)
    assert compared > 50


@pytest.mark.parametrize("kw", [{}, {"max_items": 3}, {"max_items": 0}, {"since": date(2024, 1, 1)},
                                {"until": date(2021, 1, 1), "max_items": 2}, {"jurisdiction": "County"}])
def test_briefing_reads_whole_only_what_it_shows(kb, tmp_path, kw):
    """The briefing from outlined facts (quotes read for the facts shown) is the briefing from
    whole facts, byte for byte."""
    write_briefing(kb, tmp_path / "outlined", AS_OF, **kw)
    with session_scope(kb) as s:
        ctx = briefing_context(facts.load(s, AS_OF), **kw)
    _both(tmp_path / "whole", "briefing", ctx)
    for name in ("briefing.md", "briefing.html"):
        assert (tmp_path / "outlined" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    if not kw:  # facts with several reports show their quotes
        assert ctx["sources"] and "Report 2" in (tmp_path / "whole" / "briefing.md").read_text()


def test_an_outlined_briefing_leaves_the_facts_it_does_not_show_unread(kb):
    with session_scope(kb) as s, queries.law_records_cached(s):
        kb_facts = facts.load(s, AS_OF, outlines=True)
        assert all(c["quote"] is None for c in kb_facts.commitments)
        assert all(f["quote"] is None for f in kb_facts.findings)
        ctx = briefing_context(kb_facts, max_items=2)
    read = [c for c in kb_facts.commitments if c["quote"] is not None]
    assert read and len(read) < len(kb_facts.commitments) / 4
    shown = {id(x["fact"]) for x in ctx["summary"]["changed"]} | {id(c) for c in ctx["summary"]["in_force"]}
    assert shown <= {id(c) for c in read}
    assert all(r["quote"] for f in ctx["findings"] for r in f["reports"])


def test_a_profile_finds_the_same_laws_for_a_busy_entity(kb, monkeypatch):
    """A busy entity's laws are found among the ids of every law, a rare one's by testing
    each of its documents: both give the same profile."""
    import kb.profile as profiles
    from kb.models import Entity, Mention

    with session_scope(kb) as s:
        busiest = list(s.execute(select(Mention.entity_id).group_by(Mention.entity_id)
                                 .order_by(func.count().desc()).limit(4)).scalars())
        places = list(s.execute(select(Entity.id).where(Entity.type == "JURISDICTION").limit(3)).scalars())
        ents = [s.get(Entity, i) for i in busiest + places]
        rare = [profiles.profile(s, e.name, type_=e.type, as_of=AS_OF) for e in ents]
        monkeypatch.setattr(profiles, "BUSY_MENTIONS", 0)
        busy = [profiles.profile(s, e.name, type_=e.type, as_of=AS_OF) for e in ents]
    assert busy == rare
    assert any(p["laws"] and any(x["why"] == "mentions it" for x in p["laws"]) for p in rare)
    assert any(p["laws"] and any(x["why"] == "jurisdiction" for x in p["laws"]) for p in rare)
