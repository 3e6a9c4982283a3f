"""What the store accepts, as kb-level types: any object with these attributes will do.

The crawler's ``DocumentItem`` and the registry's ``Source`` satisfy them structurally, so
the store imports nothing from the crawler (data flows one way: crawler -> pipelines -> kb).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol


class DocumentRecord(Protocol):
    """A fetched document, as the store needs it."""

    source_id: str
    url: str
    canonical_url: str | None
    external_id: str | None
    title: str | None
    kind: str | None
    content_type: str | None
    published: datetime | None
    modified: datetime | None
    authors: Sequence[str]
    metadata: Mapping
    text: str
    etag: str | None
    last_modified: str | None
    raw_sha256: str | None
    pages: Sequence[str] | None


class SourceRecord(Protocol):
    """A source definition, as the store needs it."""

    id: str
    name: str
    kind: object
    spider: object
    api_base: str | None
    start_urls: Sequence[str]
    jurisdiction: str | None
    base_url: str | None
