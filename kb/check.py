"""Consistency check of a knowledge base (``frt db check``): what a crash must never leave.

Read-only, on SQLite and PostgreSQL. It looks for rows pointing at rows that are gone
(orphans), derived spans that do not fit their document version's text, documents without
exactly one current version (``Document.current_version_id`` pointing at one of its own
versions whose hash is the document's ``content_hash``), facts without reports, and a
schema that is not at the code's migration head. It also counts what each source holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kb.errors import KBError
from kb.models import (Alias, Commitment, Document, DocumentVersion, Edge, Entity, Fact, Finding,
                       Mention, Source)

EXAMPLES = 3
"""Ids shown per problem kind."""
TEXT_CHUNK = 200
"""Version texts loaded at once by the span check."""


@dataclass
class Problem:
    kind: str
    """What is wrong, e.g. ``version_without_document``."""
    count: int
    examples: list[str] = field(default_factory=list)
    detail: str | None = None
    """Said instead of a count and examples (the migration revisions)."""

    def line(self) -> str:
        if self.detail:
            return f"{self.kind}: {self.detail}"
        shown = ", ".join(self.examples)
        return f"{self.kind}: {self.count}" + (f" (e.g. {shown})" if shown else "")


@dataclass
class CheckReport:
    problems: list[Problem]
    sources: list[dict]
    """Per source: documents, versions, mentions, commitments, findings."""
    revision: str | None
    head: str

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"ok": self.ok, "revision": self.revision, "head": self.head,
                "sources": self.sources,
                "problems": [{"kind": p.kind, "count": p.count, "examples": p.examples,
                              "detail": p.detail} for p in self.problems]}


def _problem(conn: Connection, kind: str, ids, label: str) -> Problem | None:
    """``ids``: a select of one id column naming the offending rows."""
    sub = ids.subquery()
    count = conn.execute(select(func.count()).select_from(sub)).scalar_one()
    if not count:
        return None
    col = sub.c[0]
    shown = conn.execute(select(col).order_by(col).limit(EXAMPLES)).scalars()
    return Problem(kind, count, [f"{label} {v}" for v in shown])


def _missing(child, column, parent_id) -> object:
    """Rows of ``child`` whose non-null ``column`` names no row of ``parent_id``'s table."""
    parent = parent_id.table.alias()  # aliased: a commitment may extend a commitment
    return select(child.id).where(column.is_not(None),
                                  ~exists().where(parent.c[parent_id.key] == column))


ORPHANS = [  # kind, model, its reference, the referenced id
    ("document_without_source", Document, Document.source_id, Source.id),
    ("version_without_document", DocumentVersion, DocumentVersion.document_id, Document.id),
    ("alias_without_entity", Alias, Alias.entity_id, Entity.id),
    ("mention_without_document", Mention, Mention.document_id, Document.id),
    ("mention_without_version", Mention, Mention.version_id, DocumentVersion.id),
    ("mention_without_entity", Mention, Mention.entity_id, Entity.id),
    ("commitment_without_document", Commitment, Commitment.document_id, Document.id),
    ("commitment_without_version", Commitment, Commitment.version_id, DocumentVersion.id),
    ("commitment_without_actor", Commitment, Commitment.actor_id, Entity.id),
    ("commitment_extends_missing", Commitment, Commitment.extends_id, Commitment.id),
    ("commitment_without_fact", Commitment, Commitment.fact_id, Fact.id),
    ("finding_without_document", Finding, Finding.document_id, Document.id),
    ("finding_without_version", Finding, Finding.version_id, DocumentVersion.id),
    ("finding_without_fact", Finding, Finding.fact_id, Fact.id),
    ("edge_without_document", Edge, Edge.document_id, Document.id),
    ("edge_without_source_entity", Edge, Edge.src_id, Entity.id),
    ("edge_without_target_entity", Edge, Edge.dst_id, Entity.id),
]
DERIVED = [("mention", Mention, None), ("commitment", Commitment, Commitment.quote),
           ("finding", Finding, Finding.quote)]


def orphan_problems(conn: Connection) -> list[Problem]:
    found = [_problem(conn, kind, _missing(model, ref, target), model.__tablename__)
             for kind, model, ref, target in ORPHANS]
    for name, model, _ in DERIVED:  # the version exists but belongs to another document
        other = select(model.id).join(DocumentVersion, DocumentVersion.id == model.version_id) \
            .where(DocumentVersion.document_id != model.document_id)
        found.append(_problem(conn, f"{name}_version_of_other_document", other, name))
    for kind, model in (("commitment", Commitment), ("finding", Finding)):
        reports = select(model.id).where(model.fact_id == Fact.id)
        empty = select(Fact.id).where(Fact.kind == kind, ~exists(reports))
        found.append(_problem(conn, "fact_without_reports", empty, "fact"))
        gone = select(Fact.id).where(Fact.kind == kind,
                                     ~exists().where(model.id == Fact.primary_id))
        found.append(_problem(conn, "fact_without_primary_report", gone, "fact"))
    return _merge([p for p in found if p])


def current_version_problems(conn: Connection) -> list[Problem]:
    """Every document has exactly one current version: its pointer names one of its own
    versions, whose hash is the document's."""
    none = select(Document.id).where(Document.current_version_id.is_(None))
    own = and_(DocumentVersion.id == Document.current_version_id,
               DocumentVersion.document_id == Document.id)
    elsewhere = select(Document.id).where(Document.current_version_id.is_not(None),
                                          ~exists().where(own))
    stale = select(Document.id).join(DocumentVersion, own) \
        .where(DocumentVersion.content_hash != Document.content_hash)
    numbers = select(func.min(DocumentVersion.document_id)).group_by(
        DocumentVersion.document_id, DocumentVersion.version_no).having(func.count() > 1)
    found = [_problem(conn, "document_without_current_version", none, "document"),
             _problem(conn, "current_version_not_its_own", elsewhere, "document"),
             _problem(conn, "current_version_hash_mismatch", stale, "document"),
             _problem(conn, "duplicate_version_number", numbers, "document")]
    return [p for p in found if p]


def span_problems(conn: Connection) -> list[Problem]:
    """Every stored span lies inside its version's text, and its stored quote (a mention's
    surface text) is that slice."""
    spans: dict[int, list[tuple]] = defaultdict(list)
    for name, model, quote in DERIVED:
        cols = [model.id, model.version_id, model.start_char, model.end_char,
                quote if quote is not None else model.text]
        for row_id, vid, start, end, text in conn.execute(select(*cols)):
            spans[vid].append((name, row_id, start, end, text))
    bad: dict[str, list[str]] = defaultdict(list)
    ids = sorted(spans)
    for i in range(0, len(ids), TEXT_CHUNK):
        texts = dict(conn.execute(select(DocumentVersion.id, DocumentVersion.text)
                                  .where(DocumentVersion.id.in_(ids[i:i + TEXT_CHUNK]))).all())
        for vid in ids[i:i + TEXT_CHUNK]:
            text = texts.get(vid)
            if text is None:
                continue  # reported as *_without_version
            for name, row_id, start, end, quote in spans[vid]:
                if start is None or end is None or not 0 <= start < end <= len(text):
                    bad[f"{name}_span_outside_text"].append(f"{name} {row_id}")
                elif quote is not None and text[start:end] != quote:
                    bad[f"{name}_quote_not_text"].append(f"{name} {row_id}")
    return [Problem(kind, len(rows), sorted(rows, key=_id_order)[:EXAMPLES])
            for kind, rows in sorted(bad.items())]


def _id_order(label: str) -> int:
    return int(label.rsplit(" ", 1)[1])


def _merge(problems: list[Problem]) -> list[Problem]:
    """One problem per kind (facts of both kinds land in one line)."""
    merged: dict[str, Problem] = {}
    for p in problems:
        if p.kind in merged:
            merged[p.kind].count += p.count
            merged[p.kind].examples = (merged[p.kind].examples + p.examples)[:EXAMPLES]
        else:
            merged[p.kind] = p
    return list(merged.values())


def source_counts(conn: Connection) -> list[dict]:
    """Documents, versions and derived rows per source (sources without documents too)."""
    def blank(sid: str) -> dict:
        return {"source": sid, "documents": 0, "versions": 0, "mentions": 0, "commitments": 0,
                "findings": 0}
    rows = {sid: blank(sid) for sid in conn.execute(select(Source.id)).scalars()}
    queries = {"documents": select(Document.source_id, func.count()).group_by(Document.source_id),
               "versions": select(Document.source_id, func.count()).join(
                   DocumentVersion, DocumentVersion.document_id == Document.id)
               .group_by(Document.source_id)}
    for name, model, _ in DERIVED:
        queries[f"{name}s"] = select(Document.source_id, func.count()).join(
            model, model.document_id == Document.id).group_by(Document.source_id)
    for column, query in queries.items():
        for sid, n in conn.execute(query):
            rows.setdefault(sid, blank(sid))[column] = n
    return [rows[k] for k in sorted(rows)]


def migration_state(conn: Connection) -> tuple[str | None, str]:
    """(the database's Alembic revision, the code's head)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from kb.migrations import config

    head = ScriptDirectory.from_config(config()).get_current_head()
    return MigrationContext.configure(conn).get_current_revision(), head


def check(engine: Engine) -> CheckReport:
    """Run every check in one read transaction; nothing is written."""
    with engine.connect() as conn:
        revision, head = migration_state(conn)
        problems = []
        if revision != head:
            problems.append(Problem("migration_not_at_head", 1, detail=(
                f"database at {revision or 'none'}, code at {head} (opening it with "
                "`frt db info` migrates it)")))
        try:
            problems += (orphan_problems(conn) + current_version_problems(conn)
                         + span_problems(conn))
            counts = source_counts(conn)
        except SQLAlchemyError as exc:  # a schema older than the models: say so, no traceback
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            if revision == head:
                raise KBError(f"cannot check the knowledge base: {reason}") from exc
            conn.rollback()
            problems.append(Problem("content_not_checked", 1, detail=f"old schema ({reason})"))
            counts = []
        conn.rollback()
    return CheckReport(problems, counts, revision, head)

