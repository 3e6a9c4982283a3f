"""Read-side queries: what the CLI lists and the reports render. Each row carries its citation
(document title, URL, fetch time, quote)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, select

from kb.models import Commitment, Document, DocumentVersion, Entity, Finding, Mention, Source
from kb.constants import CommitmentStatus, LawStage, MeasureStatus
from kb.errors import KBError
from kb.factgroups import actor_key, commitment_facts, disagreements, finding_facts, primary_report
from kb.judgements import apply_fact_judgements
from kb.laws import LEGISLATIVE_KINDS, LawRecord, is_legislative, law_record, measure_status
from kb.status import commitment_status


def _citation(doc: Document) -> dict[str, Any]:
    return {"document_id": doc.id, "title": doc.title, "url": doc.url,
            "fetched_at": doc.last_fetched.isoformat(timespec="seconds") if doc.last_fetched else None,
            "published": doc.published.date().isoformat() if doc.published else None}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def shown_date(d: date | None, precision: str | None) -> str | None:
    """A date at the precision the text gave it: "2019-05" for "May 2019", "2019" for
    "last year" (ISO 8601 reduced forms), else the day."""
    if d is None:
        return None
    if precision == "month":
        return d.strftime("%Y-%m")
    if precision == "year":
        return str(d.year)
    return d.isoformat()


def promise_key(actor: str | None, action: str, when: Any, end: Any, row_id: int) -> tuple:
    """Commitments with the same key report the same promise: same actor, action, start and
    end. Undated ones stay on their own (two undated bans are not known to be one)."""
    if not when:
        return ("row", row_id)
    return ((actor or "").lower(), action, str(when), str(end))


def group_commitments(rows: list[dict[str, Any]], judged: tuple | None = None) -> list[dict[str, Any]]:
    """One entry per fact (kb/factgroups.py): the fields of its primary report (the actor's
    own statement or the legislature's record, else the earliest), the most specific
    scope/product/condition any report gives, ``reports`` (every document that reported it
    with its quote and date), ``n_reports`` and ``disagreements`` (fields the reports give
    differently). Extensions and reversals of one promise are one entry too, whatever day
    each report gives; ``extends_summary`` names the promise they follow. ``judged`` (from
    :func:`kb.judgements.fact_judgements`) regroups as analysts said."""
    by_id = {row["id"]: row for row in rows}
    follows = [row for row in rows if row.get("extends") in by_id]
    groups = commitment_facts([row for row in rows if row.get("extends") not in by_id])
    if judged:
        groups = apply_fact_judgements(groups, *judged)
    fact_of = {r["id"]: i for i, group in enumerate(groups) for r in group}
    followers: dict[tuple, list[dict[str, Any]]] = {}
    for row in follows:
        key = (actor_key(row.get("actor")), row["action"], fact_of.get(row["extends"], row["extends"]))
        followers.setdefault(key, []).append(row)
    out = []
    for group in groups + list(followers.values()):
        head = primary_report(group)
        entry = {**head, "reports": [], "extends_summary": None, "n_reports": len(group),
                 "disagreements": disagreements(group)}
        target = by_id.get(head.get("extends"))
        if target is not None:
            entry["extends_summary"] = (f"{target['actor']} {target['action'].replace('_', ' ')}"
                                        f" of {target['start'] or target['announced']}")
        for field in ("scope", "product", "condition", "duration", "law"):
            entry[field] = entry.get(field) or next((r[field] for r in group if r.get(field)), None)
        for row in group:
            entry["reports"].append({k: row.get(k) for k in ("id", "quote", "title", "url", "fetched_at",
                                                             "published", "document_id", "start",
                                                             "source_kind")})
        out.append(entry)
    out.sort(key=lambda e: (e.get("start") or e.get("announced") or "9999", e["id"]))
    return out


def group_findings(rows: list[dict[str, Any]], judged: tuple | None = None) -> list[dict[str, Any]]:
    """One entry per finding fact (study, system, metric, group, value), with every report."""
    out = []
    groups = finding_facts(rows)
    if judged:
        groups = apply_fact_judgements(groups, *judged)
    for group in groups:
        head = next((r for r in group if r.get("source_kind") == "research"), group[0])
        out.append({**head, "n_reports": len(group),
                    "dataset": head.get("dataset") or next((r["dataset"] for r in group if r.get("dataset")), None),
                    "reports": [{k: r.get(k) for k in ("id", "quote", "title", "url", "fetched_at", "published",
                                                       "document_id")} for r in group]})
    return out


def _share_follow_ups(rows: list[Commitment], followed: dict[int, tuple[date, str]]) -> None:
    """The same dated commitment reported by several documents (same actor, action, start
    and end) is one promise: an extension linked to one report extends them all."""
    groups: dict[tuple, list[int]] = {}
    for c in rows:
        key = promise_key(c.actor, c.action, c.start or c.announced, c.end, c.id)
        groups.setdefault(key, []).append(c.id)
    for ids in groups.values():
        latest = max((followed[i] for i in ids if i in followed), default=None)
        if latest:
            for i in ids:
                followed[i] = latest


LAW_CACHE = "frt_law_records"


@contextmanager
def law_records_cached(session: Session) -> Iterator[None]:
    """Within the block, each document's law record is built once however many queries ask
    for it (a report reads the laws, then the commitments taken from them). For read-only
    work: a document whose metadata changes inside the block keeps its first record."""
    session.info[LAW_CACHE] = {}
    try:
        yield
    finally:
        session.info.pop(LAW_CACHE, None)


def document_laws(session: Session, docs: list[Document]) -> dict[int, LawRecord]:
    """The law each legislative document describes (its stages read from metadata and text)."""
    cache = session.info.get(LAW_CACHE)
    if cache is not None:
        known = {d.id: cache[(d.id, d.current_version_id)] for d in docs
                 if (d.id, d.current_version_id) in cache}
        todo = [d for d in docs if d.id not in known]
        built = _document_laws(session, todo) if todo else {}
        by_id = {d.id: d for d in todo}
        for doc_id, law in built.items():
            cache[(doc_id, by_id[doc_id].current_version_id)] = law
        for d in todo:  # not a law: remembered as such
            cache.setdefault((d.id, d.current_version_id), None)
        return {i: law for i, law in {**known, **built}.items() if law is not None}
    return _document_laws(session, docs)


def _document_laws(session: Session, docs: list[Document]) -> dict[int, LawRecord]:
    kinds = dict(session.exec(select(Source.id, Source.kind)).all())
    juris = dict(session.exec(select(Source.id, Source.jurisdiction)).all())
    wanted = {d.id: d for d in docs if is_legislative(d.kind, kinds.get(d.source_id))}
    if not wanted:
        return {}
    metas = {i: getattr(d, "meta", None) for i, d in wanted.items()}
    unread = [i for i in wanted if not hasattr(wanted[i], "meta")]  # rows read without it
    for at in range(0, len(unread), CHUNK):
        metas.update(session.execute(select(DOCUMENT.c.id, DOCUMENT.c.meta).where(
            DOCUMENT.c.id.in_(unread[at:at + CHUNK]))).all())

    def by_version(column: Any, ids: list[int]) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for at in range(0, len(ids), CHUNK):
            out.update(session.exec(select(DocumentVersion.document_id, column).where(
                DocumentVersion.id.in_(ids[at:at + CHUNK]))).all())
        return out

    # the stages each text states were stored with it; only older versions are parsed here
    stages = by_version(DocumentVersion.text_stages,
                        [d.current_version_id for d in wanted.values() if d.current_version_id])
    texts = by_version(DocumentVersion.text, [d.current_version_id for i, d in wanted.items()
                                              if stages.get(i) is None and d.current_version_id])
    return {i: law_record(metas.get(i) or {}, texts.get(i, ""), title=d.title, kind=d.kind,
                          source_jurisdiction=juris.get(d.source_id), stored_stages=stages.get(i))
            for i, d in wanted.items()}


COMMITMENT, DOCUMENT = Commitment.__table__, Document.__table__
CHUNK = 500  # ids per IN (...): well under SQLite's bound-parameter limit
CITED = [DOCUMENT.c[name] for name in ("id", "source_id", "title", "url", "kind", "published", "last_fetched",
                                       "current_version_id")]
"""The document columns a citation (_citation) and a law record (document_laws) read; the
metadata is read by document_laws for legislative documents only."""


def _documents_by_id(session: Session, ids: list[int], columns: list | None = None) -> dict[int, Any]:
    """Document rows (by default the columns citations and law records read), by id."""
    out: dict[int, Any] = {}
    for lo in range(0, len(ids), CHUNK):
        out.update((d.id, d) for d in session.execute(select(*(columns or CITED))
                                                      .where(DOCUMENT.c.id.in_(ids[lo:lo + CHUNK]))))
    return out


def _commitment_rows(session: Session, actor: str | None, action: str | None,
                     actors: Collection[str] | None = None) -> list[tuple[Any, Any]]:
    """(commitment, document) rows as plain rows, not ORM objects (one query's worth of
    tuples is many times cheaper), with the actor and action filters done in SQL: the
    actor as every stored spelling equal to it case-insensitively (Python's lower(), not
    SQLite's ASCII-only one)."""
    query = select(COMMITMENT).order_by(COMMITMENT.c.id)
    if actor:
        wanted = actor.lower()
        spellings = [a for a in session.execute(select(COMMITMENT.c.actor).distinct()).scalars()
                     if a is not None and a.lower() == wanted]
        query = query.where(COMMITMENT.c.actor.in_(spellings))
    if actors is not None:
        query = query.where(COMMITMENT.c.actor.in_(sorted(actors)))
    if action:
        query = query.where(COMMITMENT.c.action == action)
    commitments = list(session.execute(query))
    docs = _documents_by_id(session, sorted({c.document_id for c in commitments}))
    return [(c, docs[c.document_id]) for c in commitments]


STATUSES = list(dict.fromkeys([str(s) for s in CommitmentStatus] + [str(s) for s in MeasureStatus]))


def commitments(session: Session, *, actor: str | None = None, action: str | None = None,
                status: str | None = None, as_of: date | None = None,
                actors: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Commitments with their derived status, oldest first.

    ``actors`` keeps only the commitments whose actor is spelt exactly as one of them
    (kb/profile.py reads one entity's facts so); ``actor`` is one name, any case.

    A measure taken from a bill's own document follows the bill: its status is proposed,
    enacted, in force, expired, repealed or failed, and its start is the effective (else
    enactment) date, never the introduction; ``law`` and ``latest_action`` say which bill
    and where it stands. Vendor commitments keep their own life cycle.

    Raises:
        KBError: for an unknown status.
    """
    if status is not None and status not in STATUSES:
        raise KBError(f"unknown status {status!r}; expected one of: {', '.join(STATUSES)}")
    rows = _commitment_rows(session, actor, action, actors)
    laws_of = document_laws(session, list({doc.id: doc for _, doc in rows}.values()))
    source_kinds = dict(session.exec(select(Source.id, Source.kind)).all())
    followed: dict[int, tuple[date, str]] = {}
    follow_ups = select(COMMITMENT.c.extends_id, COMMITMENT.c.start, COMMITMENT.c.announced,
                        COMMITMENT.c.action).where(COMMITMENT.c.extends_id.is_not(None))
    for extends_id, start, announced, follow_action in session.execute(follow_ups.order_by(COMMITMENT.c.id)):
        when = start or announced or date.min
        if extends_id not in followed or followed[extends_id][0] <= when:
            followed[extends_id] = (when, follow_action)
    _share_follow_ups([c for c, _ in rows], followed)
    out = []
    for c, doc in rows:
        law = laws_of.get(doc.id)
        start, precision = c.start, c.start_precision
        if law is not None:
            st, start = measure_status(law, c.start, c.end, as_of)
            precision = precision if start == c.start else "day"
        else:
            st = commitment_status(c.start or c.announced, c.end,
                                   followed.get(c.id, (None, None))[1], as_of)
        if actor and (c.actor or "").lower() != actor.lower():
            continue
        if (action and c.action != action) or (status and st != status):
            continue
        out.append({"id": c.id, "actor": c.actor, "action": c.action, "scope": c.scope,
                    "product": c.product, "announced": _iso(c.announced),
                    "start": shown_date(start, precision), "start_precision": precision or ("day" if start else None),
                    "law": law.identifier if law else c.law, "target": c.target,
                    "source_kind": source_kinds.get(doc.source_id), "fact_id": c.fact_id,
                    "latest_action": law.latest_action if law else None,
                    "end": _iso(c.end), "duration": c.duration, "condition": c.condition,
                    "status": str(st), "extends": c.extends_id, "quote": c.quote,
                    "start_char": c.start_char, "end_char": c.end_char,
                    "extractor": c.extractor, "fact_key": c.fact_key, **_citation(doc)})
    out.sort(key=lambda r: (r["start"] or r["announced"] or "9999", r["id"]))
    return out


def _finding_rows(session: Session, study: str | None, system: str | None, group: str | None,
                  ids: Collection[int] | None = None) -> list[tuple[Any, Any]]:
    """(finding, document) rows as plain rows. With a filter, the few columns it reads are
    scanned first and only the findings it keeps are read whole."""
    finding = Finding.__table__
    query = select(finding).order_by(finding.c.id)
    if ids is not None:
        wanted = sorted(ids)
        rows = [f for lo in range(0, len(wanted), CHUNK)
                for f in session.execute(query.where(finding.c.id.in_(wanted[lo:lo + CHUNK])))]
        rows.sort(key=lambda f: f.id)
    elif study or system or group:
        light = select(finding.c.id, finding.c.study, finding.c.system, finding.c.vendor, finding.c.group)
        ids = [r.id for r in session.execute(light)
               if (not study or study.lower() in (r.study or "").lower())
               and (not system or system.lower() in f"{r.system} {r.vendor}".lower())
               and (not group or group.lower() in (r.group or "").lower())]
        rows = [f for lo in range(0, len(ids), CHUNK)
                for f in session.execute(query.where(finding.c.id.in_(ids[lo:lo + CHUNK])))]
    else:
        rows = list(session.execute(query))
    docs = _documents_by_id(session, sorted({f.document_id for f in rows}))
    return [(f, docs[f.document_id]) for f in rows]


def findings(session: Session, *, study: str | None = None, system: str | None = None,
             group: str | None = None, ids: Collection[int] | None = None) -> list[dict[str, Any]]:
    """Findings with their citations; ``ids`` keeps only those findings (kb/profile.py)."""
    out = []
    source_kinds = dict(session.exec(select(Source.id, Source.kind)).all())
    for f, doc in _finding_rows(session, study, system, group, ids):
        if study and study.lower() not in (f.study or "").lower():
            continue
        if system and system.lower() not in f"{f.system} {f.vendor}".lower():
            continue
        if group and group.lower() not in (f.group or "").lower():
            continue
        out.append({"id": f.id, "study": f.study, "system": f.system, "vendor": f.vendor,
                    "metric": f.metric, "value": f.value, "unit": f.unit, "group": f.group,
                    "comparison_group": f.comparison_group,
                    "comparison_value": f.comparison_value, "dataset": f.dataset,
                    "quote": f.quote, "start_char": f.start_char, "end_char": f.end_char,
                    "extractor": f.extractor, "fact_key": f.fact_key, "fact_id": f.fact_id,
                    "source_kind": source_kinds.get(doc.source_id), **_citation(doc)})
    return out


def documents_per_source(session: Session) -> list[dict[str, Any]]:
    counts = dict(session.exec(select(Document.source_id, func.count(Document.id))
                               .group_by(Document.source_id)).all())
    return [{"source": s.id, "name": s.name, "kind": s.kind, "documents": counts.get(s.id, 0)}
            for s in session.exec(select(Source).order_by(Source.id))]


def entities_per_type(session: Session) -> dict[str, int]:
    """Distinct entities mentioned in at least one document, per type."""
    rows = session.exec(select(Entity.type, func.count(func.distinct(Entity.id)))
                        .join(Mention, Mention.entity_id == Entity.id).group_by(Entity.type))
    return dict(sorted(rows.all()))


def top_entities(session: Session, limit: int = 10) -> list[tuple[str, str, int]]:
    counts: Counter = Counter()
    for name, type_ in session.exec(select(Entity.name, Entity.type).join(
            Mention, Mention.entity_id == Entity.id)):
        counts[(name, type_)] += 1
    return [(n, t, c) for (n, t), c in counts.most_common(limit)]


def laws(session: Session, stage: str | None = None) -> list[dict[str, Any]]:
    """Bills, ordinances and regulations with their stage and dated stage history.

    Raises:
        KBError: for an unknown stage.
    """
    if stage is not None and stage not in [str(x) for x in LawStage]:
        raise KBError(f"unknown stage {stage!r}; expected one of: {', '.join(str(x) for x in LawStage)}")
    # only the documents kb.laws.is_legislative reads as laws, as plain rows
    rows = list(session.execute(select(*CITED, DOCUMENT.c.meta, Source.name.label("source_name"))
                                .join(Source, Source.id == DOCUMENT.c.source_id)
                                .where(or_(DOCUMENT.c.kind.in_(LEGISLATIVE_KINDS),
                                           Source.kind.in_(["legislature", "regulator"])))
                                .order_by(DOCUMENT.c.published, DOCUMENT.c.id)))
    records = document_laws(session, rows)
    out = []
    for doc in rows:
        law = records.get(doc.id)
        if law is None or (stage and str(law.stage) != stage):
            continue
        out.append({**law.as_dict(), "status": law.latest_action, "status_date": _iso(law.latest_action_date),
                    "source": doc.source_name, **_citation(doc)})
    return out


def document_versions(session: Session, doc_id: int) -> list:
    """All versions of a document, oldest first."""
    return list(session.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc_id)
                             .order_by(DocumentVersion.version_no)))
