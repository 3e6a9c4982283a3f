"""Read helpers the crawler needs that kb.store does not offer (SQLModel directly)."""

from __future__ import annotations

from sqlmodel import Session, select

from kb.models import Document, Run


def source_validators(session: Session, source_id: str) -> dict[str, tuple[str | None, str | None]]:
    """canonical URL -> (ETag, Last-Modified) of every stored document of a source, loaded
    once per crawl so the conditional-GET middleware does not query per request."""
    rows = session.exec(select(Document.canonical_url, Document.etag, Document.last_modified)
                        .where(Document.source_id == source_id)).all()
    return {url: (etag, lm) for url, etag, lm in rows if url and (etag or lm)}


def last_page_validators(session: Session, source_id: str, lookback: int = 50) -> dict:
    """Feed/sitemap page validators the most recent crawl of source_id recorded in its Run
    row (see crawler.runner._record_run): canonical URL -> [ETag, Last-Modified]."""
    runs = session.exec(select(Run.stats).where(Run.kind == "crawl")
                        .order_by(Run.id.desc()).limit(lookback)).all()
    for stats in runs:
        pages = (stats or {}).get("page_validators", {})
        if source_id in pages:
            return pages[source_id]
    return {}
