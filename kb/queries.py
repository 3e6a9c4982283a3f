"""Read-side queries: what the CLI lists and the reports render. Each row carries its citation
(document title, URL, fetch time, quote)."""

from __future__ import annotations

import gc
import json
from collections import Counter, namedtuple
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import String, func, or_, union
from sqlmodel import Session, select

from kb.models import Commitment, Document, DocumentVersion, Entity, Finding, Mention, Source
from kb.constants import CommitmentStatus, LawStage, MeasureStatus
from kb.errors import KBError
from kb.factgroups import actor_key, commitment_facts, disagreements, finding_facts, primary_report
from kb.judgements import apply_fact_judgements
from kb.laws import LEGISLATIVE_KINDS, LawRecord, is_legislative, law_identifier, law_record, measure_status
from kb.status import commitment_status


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection within the block: a read makes thousands of rows and
    facts (no cycles among them), and each collection would walk them all again (a third
    of the time of a listing or a briefing on 100,000 documents; kb/factgroups.py pauses it
    so too). The collector runs again after the block, as before it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cited(cited_of: dict, doc, light: bool) -> dict:
    """``doc``'s citation, made once per document (``light``: without URL and fetch time,
    which are filled in for the reports shown)."""
    cited = cited_of.get(doc.id)
    if cited is None:
        cited = cited_of[doc.id] = _citation(doc) if not light else {
            "document_id": doc.id, "title": doc.title, "url": None, "fetched_at": None,
            "published": doc.published.date().isoformat() if doc.published else None}
    return cited


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
    out = [_commitment_entry(group, by_id) for group in groups + list(followers.values())]
    out.sort(key=_fact_order)
    return out


COMMITMENT_REPORT = ("id", "quote", "title", "url", "fetched_at", "published", "document_id", "start",
                     "source_kind")
FINDING_REPORT = ("id", "quote", "title", "url", "fetched_at", "published", "document_id")


def _fact_order(entry: dict[str, Any]) -> tuple:
    return (entry.get("start") or entry.get("announced") or "9999", entry["id"])


def _commitment_entry(group: list[dict[str, Any]], by_id: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The listed fact of one group of commitment reports (group_commitments)."""
    head = primary_report(group)
    entry = {**head, "reports": [], "extends_summary": None, "n_reports": len(group),
             "disagreements": disagreements(group)}
    target = by_id.get(head.get("extends"))
    if target is not None:
        entry["extends_summary"] = (f"{target['actor']} {target['action'].replace('_', ' ')}"
                                    f" of {target['start'] or target['announced']}")
    for field in ("scope", "product", "condition", "duration", "law"):
        entry[field] = entry.get(field) or next((r[field] for r in group if r.get(field)), None)
    entry["reports"] = [_report(row, COMMITMENT_REPORT) for row in group]
    return entry


_GETTERS = {fields: itemgetter(*fields) for fields in (COMMITMENT_REPORT, FINDING_REPORT)}


def _report(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """``{k: row.get(k) for k in fields}``, faster for the rows kb.queries makes (every field set)."""
    try:
        return dict(zip(fields, _GETTERS[fields](row)))
    except KeyError:
        return {k: row.get(k) for k in fields}


def group_findings(rows: list[dict[str, Any]], judged: tuple | None = None) -> list[dict[str, Any]]:
    """One entry per finding fact (study, system, metric, group, value), with every report."""
    groups = finding_facts(rows)
    if judged:
        groups = apply_fact_judgements(groups, *judged)
    return [_finding_entry(group) for group in groups]


def _finding_entry(group: list[dict[str, Any]]) -> dict[str, Any]:
    head = next((r for r in group if r.get("source_kind") == "research"), group[0])
    return {**head, "n_reports": len(group),
            "dataset": head.get("dataset") or next((r["dataset"] for r in group if r.get("dataset")), None),
            "reports": [_report(r, FINDING_REPORT) for r in group]}


# --- facts read from the fact table (kb/factstore.py) ------------------------------------------

def stored_commitment_facts(session: Session, rows: list[dict[str, Any]],
                            judged: tuple | None = None) -> list[dict[str, Any]]:
    """What ``group_commitments(rows, judged)`` gives, with the reports grouped by their stored
    ``fact_id`` instead of resolved again. ``rows`` are kb.queries.commitments() rows (any
    filter); each fact shows the reports among them. The resolver's path is taken when a row
    has no fact yet (a KB migrated from before the fact table, an extraction under way) or
    extends a stored report that is not among the rows (the resolver treats it as a report
    of its own then, the fact table as a follow-up of the promise it extends).

    A filter that keeps only some reports of a fact shows that fact with those reports;
    the resolver, given the same reports alone, may group them otherwise (a report that
    joined an earlier fact of the actor, whose other reports the filter left out)."""
    if any(r.get("fact_id") is None for r in rows):
        return group_commitments(rows, judged)
    by_id = {r["id"]: r for r in rows}
    orphans = sorted({r["extends"] for r in rows
                      if r.get("extends") is not None and r["extends"] not in by_id})
    for lo in range(0, len(orphans), CHUNK):
        if session.execute(select(COMMITMENT.c.id).where(COMMITMENT.c.id.in_(orphans[lo:lo + CHUNK]))
                           .limit(1)).first() is not None:
            return group_commitments(rows, judged)
    merges = {k for pair in (judged[0] if judged else []) for k in pair}
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in rows:  # in (start, id) order, the order of the resolver's groups
        groups.setdefault(row["fact_id"], []).append(row)
    out = []
    for group in groups.values():
        if merges and any(r.get("fact_key") in merges for r in group) \
                and not any(r.get("extends") in by_id for r in group):
            # an analyst merge: the resolver lists the merged groups one after the other
            parts = apply_fact_judgements(commitment_facts(group), *judged)
            out.extend(_commitment_entry(part, by_id) for part in parts)
        else:
            out.append(_commitment_entry(group, by_id))
    out.sort(key=_fact_order)
    return out


def stored_finding_facts(rows: list[dict[str, Any]],
                         judged: tuple | None = None) -> list[dict[str, Any]]:
    """What ``group_findings(rows, judged)`` gives, with the reports grouped by their stored
    ``fact_id``. ``rows`` are kb.queries.findings() rows, in id order. The resolver's path is
    taken when a row has no fact yet or an analyst judged one of them (their order is the
    judgements')."""
    merges, splits = judged or ([], set())
    keys = {k for pair in merges for k in pair} | set(splits)
    if any(r.get("fact_id") is None or r.get("fact_key") in keys for r in rows):
        return group_findings(rows, judged)
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["fact_id"], []).append(row)
    ordered = []
    for group in groups.values():
        # kb.factgroups.finding_facts: a study's reports, then those that name no study;
        # the fact stands where its study's first report does
        named = [r for r in group if (r.get("study") or "").lower()]
        unnamed = [r for r in group if not (r.get("study") or "").lower()]
        ordered.append(((named or unnamed)[0]["id"], named + unnamed))
    ordered.sort(key=lambda x: x[0])
    return [_finding_entry(group) for _, group in ordered]


def commitment_facts_listed(session: Session, judged: tuple | None = None, *, light: bool = False,
                            **filters: Any) -> list[dict[str, Any]]:
    """Commitment facts (one entry per promise or measure) of the commitments that pass
    ``filters`` (kb.queries.commitments' arguments), from the fact table.

    ``light``: each fact's own fields are whole (its primary report's quote and citation)
    but its reports lack their quote, URL and fetch time (None) until
    :func:`fill_commitment_facts` reads them: ``frt commitments`` shows one row per fact
    and reads every report only for JSON."""
    with gc_paused():
        facts = stored_commitment_facts(session, commitments(session, light=light, **filters), judged)
        if light:
            fill_commitment_facts(session, facts, reports=False)
    return facts


def finding_facts_listed(session: Session, judged: tuple | None = None,
                         **filters: Any) -> list[dict[str, Any]]:
    """Finding facts of the findings that pass ``filters`` (kb.queries.findings' arguments)."""
    with gc_paused():
        return stored_finding_facts(findings(session, **filters), judged)


def _share_follow_ups(rows: list[Commitment], followed: dict[int, tuple[date, str]]) -> None:
    """The same dated commitment reported by several documents (same actor, action, start
    and end) is one promise: an extension linked to one report extends them all."""
    if not followed:
        return

    def key(c: Any) -> tuple:  # promise_key with the dates themselves, not their text
        when = c.start or c.announced
        return ((c.actor or "").lower(), c.action, when, c.end) if when else ("row", c.id)

    shared = {key(c) for c in rows if c.id in followed}
    blocks = {(k[0], k[1]) for k in shared if k[0] != "row"}  # (actor, action) of a dated one
    actions = {k[1] for k in blocks}
    groups: dict[tuple, list[int]] = {}
    for c in rows:  # only reports of the same actor and action can share a key
        if c.id in followed or (c.action in actions and ((c.actor or "").lower(), c.action) in blocks):
            k = key(c)
            if k in shared:
                groups.setdefault(k, []).append(c.id)
    for k in shared:
        ids = groups[k]
        latest = max(followed[i] for i in ids if i in followed)
        for i in ids:
            followed[i] = latest


LAW_CACHE = "frt_law_records"


@contextmanager
def law_records_cached(session: Session) -> Iterator[None]:
    """Within the block, each document's law record is built once however many queries ask
    for it (a report reads the laws, then the commitments taken from them). For read-only
    work: a document whose metadata changes inside the block keeps its first record. Within
    an outer block, the outer block's records are shared."""
    if LAW_CACHE in session.info:
        yield
        return
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


DOCUMENT_ROW = namedtuple("DOCUMENT_ROW", [c.name for c in CITED])
"""A document as _with_documents reads it: the CITED columns (no metadata)."""


def _with_documents(session: Session, queries_: list[Any], table: Any,
                    cited: list[Any] = CITED) -> list[tuple[Any, Any]]:
    """(report, document) pairs of the report rows the queries select, the document's
    ``cited`` columns read in the same query (a join) and shared by the reports of one
    document. A query selects columns of ``table`` only (all of them, or a light few)."""
    docs: dict[int, Any] = {}
    out = []
    for query in queries_:
        names = tuple(c.name for c in query.selected_columns)
        n = len(names)
        report = _REPORT_ROWS.get((table.name, names))
        if report is None:  # plain tuples: their fields read many times faster than a Row's
            report = _REPORT_ROWS[(table.name, names)] = namedtuple(f"{table.name.upper()}_ROW", names)
        doc_row = DOCUMENT_ROW if cited is CITED else _doc_row(cited)
        joined = query.add_columns(*[c.label(f"doc_{c.name}") for c in cited]).join(
            DOCUMENT, DOCUMENT.c.id == table.c.document_id)
        for row in session.execute(joined).all():  # fetched at once: many times fewer calls
            values = tuple(row)
            doc = docs.get(values[n])
            if doc is None:
                doc = docs[values[n]] = doc_row(*values[n:])
            out.append((report(*values[:n]), doc))
    return out


def _doc_row(cited: list[Any]) -> Any:
    names = tuple(c.name for c in cited)
    row = _REPORT_ROWS.get(("document", names))
    if row is None:
        row = _REPORT_ROWS[("document", names)] = namedtuple("DOCUMENT_ROW", names)
    return row


_REPORT_ROWS: dict[tuple, Any] = {}


LIGHT_CITED = [DOCUMENT.c[name] for name in ("id", "source_id", "title", "kind", "published",
                                             "current_version_id")]
"""The document columns a light commitment or finding row reads: what statuses, law records
and dates need, without the citation's URL and fetch time."""
HEAVY_COMMITMENT = ("quote", "start_char", "end_char", "extractor")
"""The commitment columns a light row leaves out (None) with the document's url and
fetched_at; :func:`fill_commitments` reads them for the rows shown."""
COMMITMENT_READ = [c for c in COMMITMENT.c if c.name != "fetched_at"]  # never shown
COMMITMENT_LIGHT = [c for c in COMMITMENT_READ if c.name not in HEAVY_COMMITMENT]


def _commitment_queries(session: Session, actor: str | None, action: str | None,
                        actors: Collection[str] | None, fact_ids: Collection[int] | None,
                        columns: list[Any]) -> list[Any]:
    """The queries of the commitments that pass the filters, done in SQL: the actor as every
    stored spelling equal to it case-insensitively (Python's lower(), not SQLite's ASCII-only
    one)."""
    query = select(*columns).order_by(COMMITMENT.c.id)
    if actor:
        wanted = actor.lower()
        spellings = [a for a in session.execute(select(COMMITMENT.c.actor).distinct()).scalars()
                     if a is not None and a.lower() == wanted]
        query = query.where(COMMITMENT.c.actor.in_(spellings))
    if actors is not None:
        query = query.where(COMMITMENT.c.actor.in_(sorted(actors)))
    if action:
        query = query.where(COMMITMENT.c.action == action)
    if fact_ids is not None:
        wanted = sorted(fact_ids)
        return [query.where(COMMITMENT.c.fact_id.in_(wanted[lo:lo + CHUNK]))
                for lo in range(0, len(wanted), CHUNK)]
    return [query]


def _commitment_rows(session: Session, queries_: list[Any], light: bool = False) -> list[tuple[Any, Any]]:
    """(commitment, document) rows of these queries as plain rows, not ORM objects (one
    query's worth of tuples is many times cheaper). ``light``: without the quote and the
    citation's URL and time."""
    return _with_documents(session, queries_, COMMITMENT, LIGHT_CITED if light else CITED)


def _follow_ups(session: Session, queries_: list[Any] | None) -> dict[int, tuple[date, str]]:
    """The latest follow-up (date, action) of each report that has one; ``queries_``: only
    of the reports these queries select (None: of every report)."""
    followed: dict[int, tuple[date, str]] = {}
    follow_ups = select(COMMITMENT.c.extends_id, COMMITMENT.c.start, COMMITMENT.c.announced,
                        COMMITMENT.c.action).order_by(COMMITMENT.c.id)
    if queries_ is None:
        wanted = [follow_ups.where(COMMITMENT.c.extends_id.is_not(None))]
    else:  # the follow-ups of one report all come from one query, in id order as above
        wanted = [follow_ups.where(COMMITMENT.c.extends_id.in_(
            select(COMMITMENT.c.id).where(query.whereclause).correlate(None).scalar_subquery()))
            for query in queries_]
    for query in wanted:
        for extends_id, start, announced, follow_action in session.execute(query).all():
            when = start or announced or date.min
            if extends_id not in followed or followed[extends_id][0] <= when:
                followed[extends_id] = (when, follow_action)
    return followed


def fill_commitments(session: Session, rows: list[dict[str, Any]]) -> None:
    """Read the parts a light row (``commitments(light=True)``) leaves out, in place: the
    quote and its span, the extractor, the document's URL and fetch time. ``rows`` may be
    commitment rows, facts (their own fields) or a fact's reports; complete ones are left
    as they are."""
    _fill(session, rows, COMMITMENT, HEAVY_COMMITMENT)


def fill_commitment_facts(session: Session, facts: list[dict[str, Any]], reports: bool = True) -> None:
    """Complete light facts (``commitment_facts_listed(light=True)``) in place: each fact's
    own fields and, with ``reports``, every report's quote, URL and fetch time."""
    fill_commitments(session, facts + ([r for f in facts for r in f["reports"]] if reports else []))


def _fill(session: Session, rows: list[dict[str, Any]], table: Any, heavy: tuple[str, ...]) -> None:
    todo: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("quote") is None:  # quote is never NULL: a light row's is not read yet
            todo.setdefault(row["id"], []).append(row)
    if not todo:
        return
    wanted = sorted(todo)
    columns = [table.c.id] + [table.c[name] for name in heavy] + [DOCUMENT.c.url, DOCUMENT.c.last_fetched]
    for lo in range(0, len(wanted), CHUNK):
        query = select(*columns).join(DOCUMENT, DOCUMENT.c.id == table.c.document_id).where(
            table.c.id.in_(wanted[lo:lo + CHUNK]))
        for values in session.execute(query):
            found = dict(zip(heavy, values[1:len(heavy) + 1]))
            url, fetched = values[-2], values[-1]
            found["url"] = url
            found["fetched_at"] = fetched.isoformat(timespec="seconds") if fetched else None
            for row in todo[values[0]]:
                for key, value in found.items():
                    if key in row:
                        row[key] = value


STATUSES = list(dict.fromkeys([str(s) for s in CommitmentStatus] + [str(s) for s in MeasureStatus]))


def commitments(session: Session, *, actor: str | None = None, action: str | None = None,
                status: str | None = None, as_of: date | None = None,
                actors: Collection[str] | None = None,
                fact_ids: Collection[int] | None = None, light: bool = False) -> list[dict[str, Any]]:
    """Commitments with their derived status, oldest first.

    ``actors`` keeps only the commitments whose actor is spelt exactly as one of them
    (kb/profile.py reads one entity's facts so); ``actor`` is one name, any case;
    ``fact_ids`` keeps the reports of those facts (the fact table, kb/factstore.py).

    A measure taken from a bill's own document follows the bill: its status is proposed,
    enacted, in force, expired, repealed or failed, and its start is the effective (else
    enactment) date, never the introduction; ``law`` and ``latest_action`` say which bill
    and where it stands. Vendor commitments keep their own life cycle.

    ``light``: every field is there, but the quote, its span, the extractor and the
    document's URL and fetch time are None until :func:`fill_commitments` reads them (a
    listing or a briefing shows a few of the rows whose statuses and dates it needs).

    Raises:
        KBError: for an unknown status.
    """
    if status is not None and status not in STATUSES:
        raise KBError(f"unknown status {status!r}; expected one of: {', '.join(STATUSES)}")
    with gc_paused():
        return _commitments(session, actor, action, status, as_of, actors, fact_ids, light)


def _commitments(session: Session, actor: str | None, action: str | None, status: str | None,
                 as_of: date | None, actors: Collection[str] | None, fact_ids: Collection[int] | None,
                 light: bool) -> list[dict[str, Any]]:
    queries_ = _commitment_queries(session, actor, action, actors, fact_ids,
                                   COMMITMENT_LIGHT if light else COMMITMENT_READ)
    rows = _commitment_rows(session, queries_, light)
    laws_of = document_laws(session, list({doc.id: doc for _, doc in rows}.values()))
    source_kinds = dict(session.exec(select(Source.id, Source.kind)).all())
    filtered = actor or action or actors is not None or fact_ids is not None
    followed = _follow_ups(session, queries_ if filtered else None)
    _share_follow_ups([c for c, _ in rows], followed)
    as_of = as_of or date.today()
    wanted = actor.lower() if actor else None
    cited_of: dict[int, dict[str, Any]] = {}  # one citation per document
    out = []
    for c, doc in rows:
        law = laws_of.get(doc.id)
        start, precision = c.start, c.start_precision
        if law is not None:
            st, start = measure_status(law, c.start, c.end, as_of)
            precision = precision if start == c.start else "day"
        else:
            st = commitment_status(c.start or c.announced, c.end,
                                   followed[c.id][1] if c.id in followed else None, as_of)
        if wanted and (c.actor or "").lower() != wanted:
            continue
        if (action and c.action != action) or (status and st != status):
            continue
        cited = _cited(cited_of, doc, light)
        heavy = (None, None, None, None) if light else (c.quote, c.start_char, c.end_char, c.extractor)
        out.append({"id": c.id, "actor": c.actor, "action": c.action, "scope": c.scope,
                    "product": c.product, "announced": c.announced.isoformat() if c.announced else None,
                    "start": shown_date(start, precision), "start_precision": precision or ("day" if start else None),
                    "law": law.identifier if law else c.law, "target": c.target,
                    "source_kind": source_kinds.get(doc.source_id), "fact_id": c.fact_id,
                    "latest_action": law.latest_action if law else None,
                    "end": c.end.isoformat() if c.end else None, "duration": c.duration, "condition": c.condition,
                    "status": str(st), "extends": c.extends_id, "quote": heavy[0],
                    "start_char": heavy[1], "end_char": heavy[2],
                    "extractor": heavy[3], "fact_key": c.fact_key, **cited})
    out.sort(key=lambda r: (r["start"] or r["announced"] or "9999", r["id"]))
    return out


HEAVY_FINDING = ("quote", "start_char", "end_char", "extractor")
"""The finding columns a light row leaves out (None) with the document's url and fetched_at;
:func:`fill_findings` reads them for the rows shown."""
FINDING = Finding.__table__
FINDING_LIGHT = [c for c in FINDING.c if c.name not in HEAVY_FINDING + ("fetched_at",)]


def _finding_rows(session: Session, study: str | None, system: str | None, group: str | None,
                  ids: Collection[int] | None = None, light: bool = False) -> list[tuple[Any, Any]]:
    """(finding, document) rows as plain rows. With a filter, the few columns it reads are
    scanned first and only the findings it keeps are read whole. ``light``: without the
    quote and the citation's URL and time."""
    finding = Finding.__table__
    query = (select(*FINDING_LIGHT) if light else select(finding)).order_by(finding.c.id)
    cited = LIGHT_CITED if light else CITED
    if ids is not None:
        wanted = sorted(ids)
        rows = _with_documents(session, [query.where(finding.c.id.in_(wanted[lo:lo + CHUNK]))
                                         for lo in range(0, len(wanted), CHUNK)], finding, cited)
        rows.sort(key=lambda pair: pair[0].id)
        return rows
    if study or system or group:
        return _with_documents(session, _filtered_findings(session, query, study, system, group), finding,
                               cited)
    return _with_documents(session, [query], finding, cited)


def fill_findings(session: Session, rows: list[dict[str, Any]]) -> None:
    """Read the parts a light finding row (``findings(light=True)``) leaves out, in place;
    ``rows`` may be finding rows, finding facts (their own fields) or a fact's reports."""
    _fill(session, rows, FINDING, HEAVY_FINDING)


def fill_finding_facts(session: Session, facts: list[dict[str, Any]]) -> None:
    """Complete light finding facts in place: their own fields and every report."""
    fill_findings(session, facts + [r for f in facts for r in f["reports"]])


def _filtered_findings(session: Session, query: Any, study: str | None, system: str | None,
                       group: str | None) -> list[Any]:
    """The queries that read the findings a substring filter can keep (a superset:
    kb.queries.findings checks each row again). Each filter is matched, as Python's
    lower() does, against the distinct values of its columns, and becomes an IN in SQL;
    one that matches too many values to send is left to the light scan of its columns."""
    finding = Finding.__table__
    clauses = []
    for needle, columns in ((study, [finding.c.study]), (group, [finding.c.group]),
                            (system, [finding.c.system, finding.c.vendor])):
        if not needle:
            continue
        wanted = needle.lower()
        values = session.execute(select(*columns).distinct()).all()
        if len(columns) == 1:
            hits = sorted({v for v, in values if v is not None and wanted in v.lower()})
            column = columns[0]
        else:  # system or vendor: kb.queries.findings reads f"{system} {vendor}"
            pairs = [(a, b) for a, b in values if wanted in f"{a} {b}".lower()]
            hits = sorted({a for a, _ in pairs if a is not None})
            column = finding.c.system
            if any(a is None for a, _ in pairs):
                if len(hits) > CHUNK:
                    continue
                clauses.append(or_(column.in_(hits), column.is_(None)))
                continue
        if not hits:
            return []
        if len(hits) <= CHUNK:
            clauses.append(column.in_(hits))
    if clauses:
        return [query.where(*clauses)]
    light = select(finding.c.id, finding.c.study, finding.c.system, finding.c.vendor, finding.c.group)
    ids = [r.id for r in session.execute(light)
           if (not study or study.lower() in (r.study or "").lower())
           and (not system or system.lower() in f"{r.system} {r.vendor}".lower())
           and (not group or group.lower() in (r.group or "").lower())]
    return [query.where(finding.c.id.in_(ids[lo:lo + CHUNK])) for lo in range(0, len(ids), CHUNK)]


def findings(session: Session, *, study: str | None = None, system: str | None = None,
             group: str | None = None, ids: Collection[int] | None = None,
             light: bool = False) -> list[dict[str, Any]]:
    """Findings with their citations; ``ids`` keeps only those findings (kb/profile.py).
    ``light``: the quote, its span, the extractor and the document's URL and fetch time are
    None until :func:`fill_findings` reads them."""
    with gc_paused():
        return _findings(session, study, system, group, ids, light)


def _findings(session: Session, study: str | None, system: str | None, group: str | None,
              ids: Collection[int] | None, light: bool) -> list[dict[str, Any]]:
    out = []
    source_kinds = dict(session.exec(select(Source.id, Source.kind)).all())
    cited_of: dict[int, dict[str, Any]] = {}  # one citation per document
    for f, doc in _finding_rows(session, study, system, group, ids, light):
        if study and study.lower() not in (f.study or "").lower():
            continue
        if system and system.lower() not in f"{f.system} {f.vendor}".lower():
            continue
        if group and group.lower() not in (f.group or "").lower():
            continue
        cited = _cited(cited_of, doc, light)
        heavy = (None, None, None, None) if light else (f.quote, f.start_char, f.end_char, f.extractor)
        out.append({"id": f.id, "study": f.study, "system": f.system, "vendor": f.vendor,
                    "metric": f.metric, "value": f.value, "unit": f.unit, "group": f.group,
                    "comparison_group": f.comparison_group,
                    "comparison_value": f.comparison_value, "dataset": f.dataset,
                    "quote": heavy[0], "start_char": heavy[1], "end_char": heavy[2],
                    "extractor": heavy[3], "fact_key": f.fact_key, "fact_id": f.fact_id,
                    "source_kind": source_kinds.get(doc.source_id), **cited})
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


LEGISLATIVE_SOURCES = ("legislature", "regulator")


def legislative_ids() -> Any:
    """The ids of the documents kb.laws.is_legislative reads as laws (kind or source kind),
    as one lookup per kind in the kind index and one per source in the source index (an OR
    of the two, or an IN of several kinds, is read as a scan of every document)."""
    branches = [select(DOCUMENT.c.id).where(DOCUMENT.c.kind == kind).correlate(None) for kind in LEGISLATIVE_KINDS]
    branches.append(select(DOCUMENT.c.id).where(DOCUMENT.c.source_id.in_(
        select(Source.id).where(Source.kind.in_(LEGISLATIVE_SOURCES)))).correlate(None))
    return union(*branches)


def legislative_documents() -> Any:
    """The condition on documents that keeps those of :func:`legislative_ids`."""
    return DOCUMENT.c.id.in_(legislative_ids())


def _law_query(*columns: Any, source: bool = False, ids: list[int] | None = None) -> Any:
    """The documents kb.laws.is_legislative reads as laws (a superset: kind or source kind),
    in date order; ``source``: joined with their source; ``ids``: of these documents only
    (each is tested, no index is read for the others)."""
    query = select(*columns)
    if source:
        query = query.join(Source, Source.id == DOCUMENT.c.source_id)
    if ids is None:
        query = query.where(legislative_documents())
    else:
        query = query.where(DOCUMENT.c.id.in_(ids), or_(DOCUMENT.c.kind.in_(LEGISLATIVE_KINDS), DOCUMENT.c.source_id.in_(
            select(Source.id).where(Source.kind.in_(LEGISLATIVE_SOURCES)).scalar_subquery())))
    return query.order_by(DOCUMENT.c.published, DOCUMENT.c.id)


def laws(session: Session, stage: str | None = None,
         documents: Collection[int] | None = None) -> list[dict[str, Any]]:
    """Bills, ordinances and regulations with their stage and dated stage history;
    ``documents`` keeps the laws of those documents (read in chunks: by date within each).

    Raises:
        KBError: for an unknown stage.
    """
    if stage is not None and stage not in [str(x) for x in LawStage]:
        raise KBError(f"unknown stage {stage!r}; expected one of: {', '.join(str(x) for x in LawStage)}")
    # only the documents kb.laws.is_legislative reads as laws, as plain rows; within
    # law_records_cached the records known already need no metadata (the rest read it)
    meta = [] if LAW_CACHE in session.info else [DOCUMENT.c.meta]
    columns = [*CITED, *meta, Source.name.label("source_name")]
    if documents is None:
        rows = session.execute(_law_query(*columns, source=True)).all()
    else:
        wanted = sorted(documents)
        rows = [r for lo in range(0, len(wanted), CHUNK)
                for r in session.execute(_law_query(*columns, source=True, ids=wanted[lo:lo + CHUNK])).all()]
    records = document_laws(session, rows)
    out = []
    for doc in rows:
        law = records.get(doc.id)
        if law is None or (stage and str(law.stage) != stage):
            continue
        out.append({**law.as_dict(), "status": law.latest_action, "status_date": _iso(law.latest_action_date),
                    "source": doc.source_name, **_citation(doc)})
    return out


def law_outlines(session: Session) -> list[dict[str, Any]]:
    """The laws :func:`laws` lists, in its order, each with only its ``identifier``,
    ``jurisdiction`` and ``document_id``: read from the metadata as kb.laws.law_record reads
    them, without building the stages (a briefing builds only the laws it shows, with
    ``laws(session, documents=...)``)."""
    kinds = dict(session.exec(select(Source.id, Source.kind)).all())
    juris = dict(session.exec(select(Source.id, Source.jurisdiction)).all())
    # the few metadata fields law_identifier reads, not the whole metadata (with its actions)
    fields = ("identifier", "file", "type", "number", "jurisdiction")
    if session.get_bind().dialect.name == "sqlite":  # one parse per row: a JSON array of the fields
        picked = [func.json_extract(DOCUMENT.c.meta, *[f"$.{name}" for name in fields],
                                    type_=String).label("meta_fields")]
    else:
        picked = [DOCUMENT.c.meta[name].label(f"meta_{name}") for name in fields]
    out = []
    for doc_id, kind, source_id, *values in session.execute(_law_query(
            DOCUMENT.c.id, DOCUMENT.c.kind, DOCUMENT.c.source_id, *picked)).all():
        if not is_legislative(kind, kinds.get(source_id)):
            continue
        if len(values) == 1:
            values = json.loads(values[0]) if values[0] else [None] * len(fields)
        meta = {k: v for k, v in zip(fields, values) if v is not None}
        out.append({"identifier": law_identifier(meta),
                    "jurisdiction": meta.get("jurisdiction") or juris.get(source_id), "document_id": doc_id})
    return out


def document_versions(session: Session, doc_id: int) -> list:
    """All versions of a document, oldest first."""
    return list(session.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc_id)
                             .order_by(DocumentVersion.version_no)))
