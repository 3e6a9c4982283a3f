"""Listings, profiles and the briefing read facts from the fact table (kb/factstore.py):
the reports grouped by their stored ``fact_id``, not resolved again. They must give what the
resolver gives (kb.queries.group_commitments / group_findings), also after analysts' judgements,
and fall back to the resolver while some report has no fact yet."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from benchmarks.bench_kb_scale import generate
from kb import queries
from kb.database import make_engine, session_scope
from kb.factstore import refresh_facts
from kb.judgements import add_judgement, fact_judgements
from kb.models import Commitment, Document, Entity, Finding, Mention
from kb.profile import profile
from reports.write import write_briefing

AS_OF = date(2026, 6, 1)
COMMITMENT, FINDING = Commitment.__table__, Finding.__table__


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated KB (benchmarks/bench_kb_scale.py) whose findings are also reported again:
    by another document of the same study, and by one that names no study (stored before a
    second report of the study: the resolver lists the study's reports first)."""
    path = tmp_path_factory.mktemp("facts") / "kb.db"
    generate(path, 1500)
    engine = make_engine(str(path))
    with session_scope(engine) as s:
        conn = s.connection()
        rows = [dict(r) for r in conn.execute(select(FINDING).order_by(FINDING.c.id).limit(12)).mappings()]
        next_id = conn.execute(select(func.max(FINDING.c.id))).scalar() + 1
        docs = list(conn.execute(select(Document.__table__.c.id).order_by(Document.__table__.c.id.desc())
                                 .limit(2 * len(rows))).scalars())
        copies = []
        for i, row in enumerate(rows):
            for j in range(1 + i % 2):
                copies.append({**row, "id": next_id, "document_id": docs[2 * i + j], "fact_id": None,
                               "study": None if j == 0 and i % 2 else row["study"],
                               "fact_key": hashlib.sha1(f"copy{next_id}".encode()).hexdigest()})
                next_id += 1
        conn.execute(insert(FINDING), copies)
        refresh_facts(s)
    engine.dispose()
    return path


@pytest.fixture
def kb(generated, tmp_path):
    path = tmp_path / "kb.db"
    shutil.copy(generated, path)
    engine = make_engine(str(path))
    yield engine
    engine.dispose()


def _actors(s) -> list[str]:
    return [a for a, _ in s.execute(select(COMMITMENT.c.actor, func.count()).group_by(COMMITMENT.c.actor)
                                    .order_by(func.count().desc(), COMMITMENT.c.actor)) if a]


def _commitment_filters(s) -> list[dict]:
    actors = _actors(s)
    return ([{}] + [{"actor": a} for a in actors[:5] + actors[-3:]]
            + [{"actor": actors[0].upper(), "action": "moratorium"}, {"action": "extension"},
               {"action": "ban"}, {"actor": actors[1], "status": "active"}])


def _finding_filters(s) -> list[dict]:
    systems = sorted({x for x in s.execute(select(FINDING.c.system).distinct()).scalars() if x})
    studies = sorted({x for x in s.execute(select(FINDING.c.study).distinct()).scalars() if x})
    return ([{}] + [{"system": x} for x in systems[:4]] + [{"study": x} for x in studies[:4]]
            + [{"group": "women"}, {"system": systems[0][:3].lower(), "group": "men"}, {"system": "none"}])


def _same_as_resolver(engine) -> int:
    """Every listing from the fact table equals the resolver's; returns how many facts were compared."""
    compared = 0
    with session_scope(engine) as s:
        judged = fact_judgements(s)
        for kw in _commitment_filters(s):
            stored = queries.commitment_facts_listed(s, judged, as_of=AS_OF, **kw)
            assert stored == queries.group_commitments(queries.commitments(s, as_of=AS_OF, **kw), judged), kw
            compared += len(stored)
        for kw in _finding_filters(s):
            stored = queries.finding_facts_listed(s, judged, **kw)
            assert stored == queries.group_findings(queries.findings(s, **kw), judged), kw
            compared += len(stored)
    return compared


def test_listings_from_the_fact_table_equal_the_resolver(kb):
    with session_scope(kb) as s:
        facts = queries.commitment_facts_listed(s, fact_judgements(s), as_of=AS_OF)
        found = queries.finding_facts_listed(s, fact_judgements(s))
    assert any(f["n_reports"] > 2 for f in facts) and any(f["extends_summary"] for f in facts)
    assert any(f["n_reports"] > 1 and any(r["id"] for r in f["reports"]) for f in found)
    assert _same_as_resolver(kb) > 100


def _judge(engine, kind, target, value=None) -> None:
    with session_scope(engine) as s:  # as `frt judge merge-facts/split-fact` does
        add_judgement(s, kind, target, value)
        refresh_facts(s)


def test_judgements_regroup_the_fact_table_as_the_resolver(kb):
    with session_scope(kb) as s:
        facts = queries.commitment_facts_listed(s, fact_judgements(s), as_of=AS_OF)
        found = queries.finding_facts_listed(s, fact_judgements(s))
    big = next(f for f in facts if f["n_reports"] >= 3 and not f["extends_summary"])
    alone = next(r["id"] for r in big["reports"] if r["id"] != big["id"])
    by_actor: dict[str, list] = {}
    for f in facts:
        if not f["extends_summary"] and f["id"] != big["id"]:
            by_actor.setdefault(f["actor"], []).append(f)
    first, second = next(fs for fs in by_actor.values() if len(fs) >= 2)[:2]
    keys = {}
    with session_scope(kb) as s:
        for i in (alone, first["id"], second["id"]):
            keys[i] = s.execute(select(COMMITMENT.c.fact_key).where(COMMITMENT.c.id == i)).scalar()
        f1, f2 = found[0]["id"], found[-1]["id"]
        for i in (f1, f2):
            keys[i] = s.execute(select(FINDING.c.fact_key).where(FINDING.c.id == i)).scalar()
    _judge(kb, "split_fact", keys[alone])
    # the later fact first: the resolver lists the merged reports in that order, not by date
    _judge(kb, "merge_facts", keys[second["id"]], keys[first["id"]])
    _judge(kb, "merge_facts", keys[f1], keys[f2])
    with session_scope(kb) as s:
        judged = fact_judgements(s)
        facts = queries.commitment_facts_listed(s, judged, as_of=AS_OF)
        found = queries.finding_facts_listed(s, judged)
    fact_of = {r["id"]: f for f in facts for r in f["reports"]}
    assert fact_of[alone]["n_reports"] == 1 and fact_of[big["id"]]["n_reports"] == big["n_reports"] - 1
    assert fact_of[first["id"]] is fact_of[second["id"]]
    assert fact_of[first["id"]]["n_reports"] == first["n_reports"] + second["n_reports"]
    merged = next(f for f in found if f1 in {r["id"] for r in f["reports"]})
    assert f2 in {r["id"] for r in merged["reports"]}
    assert _same_as_resolver(kb) > 100


def test_listings_read_the_stored_grouping(kb):
    """A report moved to another fact in the table is listed there: the table is read, not
    the reports resolved again."""
    with session_scope(kb) as s:
        facts = queries.commitment_facts_listed(s, fact_judgements(s), as_of=AS_OF)
        donor = next(f for f in facts if f["n_reports"] >= 3 and not f["extends_summary"])
        moved = next(r["id"] for r in reversed(donor["reports"]) if r["id"] != donor["id"])
        host = next(f for f in facts if f["actor"] == donor["actor"] and f["id"] != donor["id"]
                    and not f["extends_summary"])
        host_fact = s.execute(select(COMMITMENT.c.fact_id).where(COMMITMENT.c.id == host["id"])).scalar()
        s.execute(update(COMMITMENT).where(COMMITMENT.c.id == moved).values(fact_id=host_fact))
    with session_scope(kb) as s:
        judged = fact_judgements(s)
        listed = queries.commitment_facts_listed(s, judged, as_of=AS_OF, actor=donor["actor"])
        resolved = queries.group_commitments(queries.commitments(s, as_of=AS_OF, actor=donor["actor"]), judged)
    host_entry = next(f for f in listed if host["id"] in {r["id"] for r in f["reports"]})
    assert moved in {r["id"] for r in host_entry["reports"]}
    assert listed != resolved
    with session_scope(kb) as s:  # a report without a fact (an extraction under way): resolved again
        s.execute(update(COMMITMENT).where(COMMITMENT.c.id == donor["id"]).values(fact_id=None))
    with session_scope(kb) as s:
        again = queries.commitment_facts_listed(s, fact_judgements(s), as_of=AS_OF, actor=donor["actor"])
        assert again == queries.group_commitments(queries.commitments(s, as_of=AS_OF, actor=donor["actor"]),
                                                  fact_judgements(s))
    host_entry = next(f for f in again if host["id"] in {r["id"] for r in f["reports"]})
    assert moved not in {r["id"] for r in host_entry["reports"]}


def _profiles_and_briefing(engine, out: Path) -> tuple[list, bytes]:
    with session_scope(engine) as s:
        busiest = list(s.execute(select(Mention.entity_id).group_by(Mention.entity_id)
                                 .order_by(func.count().desc()).limit(3)).scalars())
        vendors = list(s.execute(select(COMMITMENT.c.actor_id).group_by(COMMITMENT.c.actor_id)
                                 .order_by(func.count().desc()).limit(3)).scalars())
        systems = [n for n, in s.execute(select(Entity.name).where(Entity.name.in_(
            select(FINDING.c.system))).order_by(Entity.name).limit(3))]
        ents = [s.get(Entity, i) for i in busiest + vendors]
        profiles = [profile(s, e.name, type_=e.type, as_of=AS_OF) for e in ents]
        profiles += [profile(s, n, type_="PRODUCT", as_of=AS_OF) for n in systems]
    for p in profiles:  # the fact ids are the table's own numbers
        for f in p["commitments"] + p["findings"]:
            f.pop("fact_id")
    write_briefing(engine, out, AS_OF)
    return profiles, (out / "briefing.md").read_bytes() + (out / "briefing.html").read_bytes()


@pytest.mark.parametrize("judge", [False, True])
def test_profiles_and_briefing_are_those_of_the_resolver(kb, tmp_path, judge):
    if judge:
        with session_scope(kb) as s:
            facts = queries.commitment_facts_listed(s, fact_judgements(s), as_of=AS_OF)
            a, b = [f for f in facts if not f["extends_summary"]][:2]
            keys = [s.execute(select(COMMITMENT.c.fact_key).where(COMMITMENT.c.id == f["id"])).scalar()
                    for f in (a, b)]
        _judge(kb, "merge_facts", *reversed(keys))
    stored = _profiles_and_briefing(kb, tmp_path / "stored")
    assert any(p["commitments"] for p in stored[0]) and any(p["findings"] for p in stored[0])
    with session_scope(kb) as s:  # as a KB from before the fact table: every report resolved again
        s.execute(update(COMMITMENT).values(fact_id=None))
        s.execute(update(FINDING).values(fact_id=None))
    resolved = _profiles_and_briefing(kb, tmp_path / "resolved")
    assert stored == resolved


def test_law_outlines_are_the_laws_identifiers_and_jurisdictions(kb):
    """The briefing reads every law's outline and only the laws it shows whole."""
    with session_scope(kb) as s:
        whole = queries.laws(s)
        outlines = queries.law_outlines(s)
        some = [law["document_id"] for law in whole[::7]]
        read = queries.laws(s, documents=some)
    assert len(whole) > 20 and any(law["identifier"] for law in whole)
    assert outlines == [{k: law[k] for k in ("identifier", "jurisdiction", "document_id")} for law in whole]
    assert sorted(read, key=lambda law: law["document_id"]) == sorted(
        (law for law in whole if law["document_id"] in set(some)), key=lambda law: law["document_id"])
