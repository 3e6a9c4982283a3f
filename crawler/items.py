"""The one item every spider yields: a fetched document, ready for the item pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class DocumentItem:
    """A document as fetched; pipelines clean it, dedupe it and store it in the KB."""

    source_id: str
    url: str
    """The URL fetched (after redirects)."""
    text: str
    """Main text: article body, entry title+summary, record fields, or PDF text (pages joined
    with form feeds)."""
    title: str | None = None
    canonical_url: str | None = None
    """<link rel=canonical>, og:url or the record's own URL; pipelines normalise it."""
    content_type: str = "text/html"
    published: datetime | None = None
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    external_id: str | None = None
    """Value of the source's dedupe key (arXiv id without version, document_number, ocd-bill id)."""
    kind: str | None = None
    """Document kind: announcement, bill, ordinance, paper, report, article ..."""
    language: str | None = None
    raw_sha256: str | None = None
    """sha256 of the raw bytes (PDFs: the file as served)."""
    etag: str | None = None
    last_modified: str | None = None
    pages: list[str] | None = None
    """PDF: the text of each page."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Anything else worth keeping (categories, doi, agencies, status, jurisdiction)."""
    watermark: str | None = None
    """ISO timestamp of the record's change signal (updated_at, lastmod); the source's
    incremental watermark moves to the newest one seen in a complete crawl."""
    status: str | None = None
    """Set by the store pipeline: new, changed or unchanged."""


@dataclass
class NotModifiedItem:
    """A 304 answer to a conditional GET: the stored document is still current."""

    source_id: str
    url: str
    status: str = "unchanged"
