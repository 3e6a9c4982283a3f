"""Run the extractor over the knowledge base (``frt extract --all``, ``frt demo``).

Only documents whose text hash or extractor version changed are processed, so a re-run on
an unchanged KB is almost free. One transaction per batch: an interrupted run keeps the
batches it finished and redoes none of them.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlalchemy import func
from sqlmodel import Session, select

from kb.database import session_scope
from kb.facts import rejected_keys, stale_documents, store_extraction
from kb.factstore import refresh_facts, unresolved_reports
from kb.links import link_commitments
from kb.models import Document, DocumentVersion, Run, Source
from kb.resolve import Resolver
from kb.retry import write_transaction
from kb.store import finish_run, start_run, utcnow


class Extractor(Protocol):
    version: str

    def extract_many(self, items, batch_size: int = 32):
        """Yield one result per ``(text, document_date, hints)`` item (see
        :func:`document_hints`), in order, in the ``frt extract`` JSON shape."""


@dataclass
class ExtractStats:
    documents: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"mentions": 0, "commitments": 0,
                                                            "findings": 0})


def document_date(doc: Document) -> date | None:
    """The date relative expressions are resolved against: published, else modified, else fetched."""
    when = doc.published or doc.modified or doc.last_fetched
    return when.date() if when else None


def document_hints(doc: Document, source_jurisdiction: str | None = None) -> dict:
    """What the extractor may know about a document besides its text: its kind (bill,
    paper, ...), title, and for bills and records the jurisdiction whose legislature acts
    in its subjectless clauses ("Prohibits city departments from ...")."""
    actor = None
    if doc.kind in ("bill", "law", "record"):
        actor = (doc.meta or {}).get("jurisdiction") or source_jurisdiction
    return {"kind": doc.kind, "actor": actor, "title": doc.title}


def _texts(session: Session, docs: list[Document]) -> dict[int, str]:
    ids = [d.current_version_id for d in docs]
    rows = session.exec(select(DocumentVersion.id, DocumentVersion.text)
                        .where(DocumentVersion.id.in_(ids)))
    return dict(rows.all())


def _jurisdictions(session: Session, docs: list[Document]) -> dict[str, str | None]:
    ids = {d.source_id for d in docs}
    return dict(session.exec(select(Source.id, Source.jurisdiction).where(Source.id.in_(ids))).all())


def extract_all(engine: Engine, extractor: Extractor, *, force: bool = False,
                batch_size: int = 64,
                on_progress: Callable[[int, int], None] | None = None) -> ExtractStats:
    """Extract entities, commitments and findings for every stale document and link
    extensions to the commitments they extend.

    Args:
        engine: the knowledge base.
        extractor: an object with ``version`` and ``extract_many`` (pipelines.nlp.Extractor).
        force: re-extract every document, even unchanged ones.
        on_progress: called with (done, total) after each batch.
    """
    version = extractor.version
    with session_scope(engine) as session:
        todo = [d.id for d in stale_documents(session, version, force)]
        total = session.exec(select(func.count()).select_from(Document)).one()
        run_id = start_run(session, "extract", extractor=version).id
    stats = ExtractStats(skipped=total - len(todo))
    if on_progress:
        on_progress(0, len(todo))
    read: collections.deque[Document] = collections.deque()  # read, not yet extracted

    def items():
        """The stale documents' texts, read one batch at a time (each batch in its own
        short session, no transaction open while extracting)."""
        for i in range(0, len(todo), batch_size):
            with session_scope(engine) as session:
                docs = list(session.exec(select(Document).where(Document.id.in_(todo[i:i + batch_size]))
                                         .order_by(Document.id)))
                texts = _texts(session, docs)
                places = _jurisdictions(session, docs)
            for d in docs:
                read.append(d)
                yield texts[d.current_version_id], document_date(d), document_hints(d, places.get(d.source_id))

    def store(results: list) -> None:
        counts = write_transaction(engine, lambda s: _store(s, results, version, force), lock="extract")
        stats.documents += counts.pop("documents")
        for k, v in counts.items():
            stats.counts[k] += v
        if on_progress:
            on_progress(stats.documents, len(todo))

    # One stream through the extractor, stored a batch at a time: with worker processes the
    # workers go on with the next documents while this process stores the last batch
    # (extracting batch by batch left them idle at every batch's end and during its store).
    results: list = []
    for result in extractor.extract_many(items(), batch_size=32):
        results.append((read.popleft(), result))
        if len(results) == batch_size:
            store(results)
            results = []
    if results:
        store(results)

    def finish(session: Session) -> None:
        link_commitments(session)
        if stats.documents or unresolved_reports(session):
            refresh_facts(session)  # reports resolved into facts (the fact table)
        finish_run(session, session.get(Run, run_id), documents=stats.documents,
                   skipped=stats.skipped, **stats.counts)
    write_transaction(engine, finish, lock="extract")
    return stats


def _store(session: Session, results: list, version: str, force: bool) -> dict[str, int]:
    """Store a batch's results (one transaction, under the ``extract`` lock): a document whose
    text changed since it was read, or that another process extracted meanwhile, is left."""
    resolver, rejected, now = Resolver(session), rejected_keys(session), utcnow()
    counts = {"documents": 0, "mentions": 0, "commitments": 0, "findings": 0}
    for read, result in results:
        doc = session.get(Document, read.id)
        done_meanwhile = (doc.extracted_hash, doc.extractor_version) != (
            read.extracted_hash, read.extractor_version) if doc else False
        if doc is None or doc.content_hash != read.content_hash or (not force and done_meanwhile):
            continue
        stored = store_extraction(session, doc, result, version, resolver, rejected, now)
        for k, v in stored.items():
            counts[k] += v
        counts["documents"] += 1
    return counts
