"""Idempotent writes of sources and documents: keyed by source dedupe key + content hash.

The functions here never commit; the caller owns the transaction (one per batch, see
``kb.database.session_scope``). An unchanged document is not rewritten; a changed one gets
a new DocumentVersion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from kb.keys import canonical_url, content_hash, normalize_text
from kb.laws import stored_stages
from kb.models import Document, DocumentVersion, PageCache, Run, Source
from kb.types import DocumentRecord, SourceRecord

Status = Literal["new", "changed", "unchanged"]


@dataclass(frozen=True)
class StoreResult:
    status: Status
    document_id: int
    version_id: int


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def upsert_source(session: Session, source: SourceRecord) -> Source:
    """Insert or refresh the Source row of a source definition (keeps its watermark).

    One ``INSERT ... ON CONFLICT DO UPDATE``: two processes registering the same source at
    once both succeed, and the row ends as either wrote it."""
    url = source.api_base or (source.start_urls[0] if source.start_urls else None)
    values = {"name": source.name, "kind": str(source.kind), "spider": str(source.spider),
              "url": url, "jurisdiction": source.jurisdiction, "base_url": source.base_url}
    insert = _dialect_insert(session)(Source.__table__).values(id=source.id, **values)
    session.execute(insert.on_conflict_do_update(index_elements=["id"], set_=values))
    row = session.get(Source, source.id)
    session.refresh(row)  # the identity map may hold the row as it was before the upsert
    return row


def _dialect_insert(session: Session):
    """The backend's INSERT with ON CONFLICT support (SQLite and PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert
    return sqlite_insert


def document_key(item: DocumentRecord, dedupe_key: str = "url", base_url: str | None = None) -> str:
    """The document's identity within its source: the external id when the source dedupes
    by a record field, else the canonical URL (relative to ``base_url`` for local sites)."""
    if dedupe_key != "url" and item.external_id:
        return str(item.external_id)
    key = canonical_url(item.canonical_url or item.url)
    if base_url:
        base = canonical_url(base_url).rstrip("/")
        if key.startswith(base + "/") or key == base:
            key = key[len(base):] or "/"
    return key


def _aware(dt: datetime | None) -> datetime | None:
    """Store every timestamp in UTC; a time without an offset is taken as UTC."""
    if dt is None:
        return None
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def store_document(session: Session, item: DocumentRecord, dedupe_key: str = "url",
                   fetched_at: datetime | None = None) -> StoreResult:
    """Insert a new document, add a version to a changed one, or only touch an unchanged one."""
    fetched_at = fetched_at or utcnow()
    source = session.get(Source, item.source_id)
    key = document_key(item, dedupe_key, source.base_url if source else None)
    text = normalize_text(item.text)
    digest = content_hash(text)
    doc = session.exec(select(Document).where(Document.source_id == item.source_id,
                                              Document.key == key)).first()
    if doc is not None and doc.content_hash == digest:
        doc.last_fetched, doc.etag, doc.last_modified = fetched_at, item.etag, item.last_modified
        session.add(doc)
        return StoreResult("unchanged", doc.id, doc.current_version_id)
    status: Status = "changed" if doc is not None else "new"
    if doc is None:
        doc = Document(source_id=item.source_id, key=key, url=item.url, content_hash=digest,
                       first_seen=fetched_at, last_fetched=fetched_at)
    doc.url = item.url
    doc.canonical_url = canonical_url(item.canonical_url or item.url)
    doc.title, doc.kind, doc.content_type = item.title, item.kind, item.content_type
    doc.published, doc.modified = _aware(item.published), _aware(item.modified)
    doc.authors, doc.meta = list(item.authors), dict(item.metadata)
    doc.content_hash, doc.last_fetched = digest, fetched_at
    doc.etag, doc.last_modified = item.etag, item.last_modified
    session.add(doc)
    session.flush()
    version = session.exec(select(DocumentVersion).where(
        DocumentVersion.document_id == doc.id, DocumentVersion.content_hash == digest)).first()
    if version is None:
        last = session.exec(select(func.max(DocumentVersion.version_no))
                            .where(DocumentVersion.document_id == doc.id)).one()
        version = DocumentVersion(document_id=doc.id, version_no=(last or 0) + 1,
                                  content_hash=digest, text=text, raw_sha256=item.raw_sha256,
                                  pages=item.pages, fetched_at=fetched_at,
                                  text_stages=stored_stages(text, item.kind, source.kind if source else None))
        session.add(version)
        session.flush()
    doc.current_version_id = version.id
    session.add(doc)
    return StoreResult(status, doc.id, version.id)


def http_validators(session: Session, url: str) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) last seen for a URL, for a conditional GET; (None, None) if new."""
    row = session.exec(select(Document.etag, Document.last_modified)
                       .where(Document.canonical_url == canonical_url(url))).first()
    return (row[0], row[1]) if row else (None, None)


def touch_unchanged(session: Session, url: str, fetched_at: datetime | None = None) -> bool:
    """Record a 304 Not Modified: only last_fetched moves. Returns False for an unknown URL."""
    doc = session.exec(select(Document).where(Document.canonical_url == canonical_url(url))).first()
    if doc is None:
        return False
    doc.last_fetched = fetched_at or utcnow()
    session.add(doc)
    return True


def get_watermark(session: Session, source_id: str) -> str | None:
    row = session.get(Source, source_id)
    return row.watermark if row else None


def set_watermark(session: Session, source_id: str, value: str) -> None:
    """Move the source's incremental watermark forward (never backward)."""
    row = session.get(Source, source_id)
    if row is not None and (row.watermark is None or value > row.watermark):
        row.watermark, row.updated_at = value, utcnow()
        session.add(row)


def start_run(session: Session, kind: str, **stats) -> Run:
    run = Run(kind=kind, started_at=utcnow(), stats=dict(stats))
    session.add(run)
    session.flush()
    return run


def finish_run(session: Session, run: Run, status: str = "ok", **stats) -> None:
    run.finished_at, run.status = utcnow(), status
    run.stats = {**(run.stats or {}), **stats}
    session.add(run)


def source_validators(session: Session, source_id: str) -> dict[str, tuple[str | None, str | None]]:
    """canonical URL -> (ETag, Last-Modified) of every stored document of a source, loaded
    once per crawl so the conditional-GET middleware does not query per request."""
    rows = session.exec(select(Document.canonical_url, Document.etag, Document.last_modified)
                        .where(Document.source_id == source_id)).all()
    return {url: (etag, lm) for url, etag, lm in rows if url and (etag or lm)}


def page_validators(session: Session, source_id: str) -> dict[str, list[str | None]]:
    """canonical URL -> [ETag, Last-Modified, lastmod listed by its sitemap index] of the
    source's feed/sitemap/listing pages."""
    rows = session.exec(select(PageCache.url, PageCache.etag, PageCache.last_modified,
                               PageCache.listed_lastmod).where(PageCache.source_id == source_id)).all()
    return {url: [etag, lm, listed] for url, etag, lm, listed in rows}


def save_page_validators(session: Session, source_id: str,
                         pages: dict[str, list[str | None]], fetched_at: datetime | None = None
                         ) -> None:
    """Insert or update the validators of the pages a crawl of ``source_id`` saw."""
    fetched_at = fetched_at or utcnow()
    known = {row.url: row for row in session.exec(
        select(PageCache).where(PageCache.source_id == source_id))}
    for url, values in pages.items():
        etag, last_modified, listed = (list(values) + [None, None, None])[:3]
        row = known.get(url) or PageCache(source_id=source_id, url=url, fetched_at=fetched_at)
        row.etag, row.last_modified, row.fetched_at = etag, last_modified, fetched_at
        row.listed_lastmod = listed
        session.add(row)


def due_documents(session: Session, source_id: str, fetched_before: datetime | None) -> list[Document]:
    """The source's documents last fetched before ``fetched_before`` (all when None): what a
    crawl re-fetches conditionally, whatever their feed or listing answered."""
    query = select(Document).where(Document.source_id == source_id)
    if fetched_before is not None:
        query = query.where(Document.last_fetched < fetched_before)
    return list(session.exec(query.order_by(Document.id)))
