"""SQLModel tables of the knowledge base (see ARCHITECTURE.md, "The knowledge base").

Documents and their versions are the source of truth; entities, mentions, commitments,
findings and edges are derived from them (each with document, version, character span and
extractor version) and can be rebuilt. Judgements are analyst decisions that survive rebuilds.
Commitment status is never stored: kb.status derives it from dates and links at query time.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Source(SQLModel, table=True):
    id: str = Field(primary_key=True)
    name: str
    kind: str
    spider: str
    url: Optional[str] = None
    jurisdiction: Optional[str] = None
    base_url: Optional[str] = None
    """Set for sources served locally (demo, fixtures): document keys are relative to it."""
    watermark: Optional[str] = None
    """Incremental watermark: the newest updated-since / lastmod value seen."""
    updated_at: Optional[datetime] = None


class Document(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("source_id", "key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    key: str
    """The source's dedupe key value (external id or canonical URL)."""
    url: str = Field(index=True)
    canonical_url: Optional[str] = None
    title: Optional[str] = None
    kind: Optional[str] = Field(default=None, index=True)
    content_type: Optional[str] = None
    published: Optional[datetime] = None
    modified: Optional[datetime] = None
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    content_hash: str
    """Hash of the current version's text."""
    current_version_id: Optional[int] = None
    first_seen: datetime
    last_fetched: datetime
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    extracted_hash: Optional[str] = None
    """content_hash the derived facts were extracted from."""
    extractor_version: Optional[str] = None


class DocumentVersion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("document_id", "content_hash"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    version_no: int
    content_hash: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    raw_sha256: Optional[str] = None
    pages: Optional[list[str]] = Field(default=None, sa_column=Column(JSON))
    fetched_at: datetime
    text_stages: Optional[list] = Field(default=None, sa_column=Column(JSON))
    """The dated stage statements of the text ("takes effect January 1, 2020"), as
    kb.laws.text_stages finds them, stored with the text so that laws are not re-parsed on
    every read; None for versions stored before migration 0009 (then parsed on read)."""


class PageCache(SQLModel, table=True):
    """HTTP validators of pages that are not documents (feeds, sitemaps, listing pages), so
    the next crawl can ask for them conditionally."""

    __table_args__ = (UniqueConstraint("source_id", "url"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    url: str
    """Canonical URL of the page."""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    fetched_at: datetime
    listed_lastmod: Optional[str] = None
    """The lastmod its parent sitemap index gave it: a child whose lastmod moved is read in full."""


class Entity(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("name", "type"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    type: str = Field(index=True)
    attrs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class Alias(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("alias", "entity_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", index=True)
    alias: str = Field(index=True)
    """Lower-cased surface form."""


class Mention(SQLModel, table=True):
    __table_args__ = (Index("ix_mention_entity_document", "entity_id", "document_id"),
                      Index("ix_mention_document_entity", "document_id", "entity_id"))
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    version_id: int = Field(foreign_key="documentversion.id")
    entity_id: int = Field(foreign_key="entity.id", index=True)
    text: str
    label: str
    start_char: int
    end_char: int
    extractor: str


class Commitment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    version_id: int = Field(foreign_key="documentversion.id")
    actor_id: Optional[int] = Field(default=None, foreign_key="entity.id", index=True)
    actor: Optional[str] = Field(default=None, index=True)
    action: str = Field(index=True)
    scope: Optional[str] = None
    product: Optional[str] = Field(default=None, index=True)
    announced: Optional[date] = None
    start: Optional[date] = None
    start_precision: Optional[str] = None
    """"day", "month" ("May 2019") or "year": how precisely the text gives the start."""
    end: Optional[date] = None
    duration: Optional[str] = None
    condition: Optional[str] = None
    law: Optional[str] = None
    """The law a government measure comes from (its actor is the jurisdiction that adopted it)."""
    target: Optional[str] = Field(default=None, index=True)
    """The company a regulator's order or ban falls on."""
    fact_id: Optional[int] = Field(default=None, index=True)
    """The fact this report belongs to (kb/factstore.py)."""
    extends_id: Optional[int] = Field(default=None, foreign_key="commitment.id", index=True)
    """The earlier commitment this one extends, reverses or supersedes."""
    quote: str = Field(sa_column=Column(Text, nullable=False))
    start_char: int
    end_char: int
    fact_key: str = Field(index=True)
    """Stable hash of (document key, actor, action, scope, quote): judgements refer to it."""
    extractor: str
    fetched_at: datetime


class Fact(SQLModel, table=True):
    """One real-world promise, measure or finding; its reports are the Commitment or Finding
    rows whose ``fact_id`` points here. Rebuilt from the reports (kb/factstore.py) after
    every extraction and every judgement on facts; its status is derived when read."""

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    """commitment | finding"""
    primary_id: int
    """The report that speaks for the fact (the bill's or regulator's record, the vendor's own)."""
    label: str
    """"San Francisco: ban", "error_rate 34.7% darker-skinned women (Gender Shades)"."""
    n_reports: int
    refreshed_at: datetime


class Finding(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    version_id: int = Field(foreign_key="documentversion.id")
    study: Optional[str] = Field(default=None, index=True)
    system: Optional[str] = Field(default=None, index=True)
    vendor: Optional[str] = Field(default=None, index=True)
    metric: Optional[str] = None
    value: Optional[float] = None
    unit: Optional[str] = None
    group: Optional[str] = None
    comparison_group: Optional[str] = None
    comparison_value: Optional[float] = None
    dataset: Optional[str] = None
    quote: str = Field(sa_column=Column(Text, nullable=False))
    start_char: int
    end_char: int
    fact_key: str = Field(index=True)
    fact_id: Optional[int] = Field(default=None, index=True)
    """The fact this report belongs to (kb/factstore.py)."""
    extractor: str
    fetched_at: datetime


class Edge(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("src_id", "dst_id", "type", "document_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    src_id: int = Field(foreign_key="entity.id", index=True)
    dst_id: int = Field(foreign_key="entity.id", index=True)
    type: str
    document_id: Optional[int] = Field(default=None, foreign_key="document.id")
    evidence: Optional[str] = None


class Judgement(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str
    """merge | split | reject"""
    target: str
    """Entity name ("Amazon Web Services|VENDOR") or fact key."""
    value: Optional[str] = None
    """merge: the canonical entity ("Amazon|VENDOR")."""
    note: Optional[str] = None
    created_at: datetime


class Run(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str
    """crawl | extract | watch | demo"""
    started_at: datetime
    finished_at: Optional[datetime] = None
    status: str = "running"
    stats: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class SourceHealth(SQLModel, table=True):
    """How each source's crawls went, so a broken source never looks like a quiet one
    (updated after every crawl; read by kb/watch.py)."""

    source_id: str = Field(primary_key=True)
    first_run_at: Optional[datetime] = None
    last_run_at: datetime
    last_status: str
    """ok | failed"""
    last_error: Optional[str] = None
    failing_since: Optional[datetime] = None
    """Start of the current run of failed crawls (None while it works)."""
    last_ok_at: Optional[datetime] = None
    last_items_at: Optional[datetime] = None
    """Last crawl that yielded any document or a 304 on its pages: an empty answer is not quiet."""
    last_new_at: Optional[datetime] = None
    """Last crawl that stored a new or changed document."""


class WatchItem(SQLModel, table=True):
    """A fact or actor as the last ``frt watch`` saw it; the next watch reports the difference."""

    id: str = Field(primary_key=True)
    """"c:<fact key>" (commitment or measure), "f:<fact key>" (finding), "e:<name>|<type>" (actor)."""
    kind: str = Field(index=True)
    label: str
    status: Optional[str] = None
    end: Optional[date] = None
    keys: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    """Fact keys of the reports that belong to it (a new report of a known fact is no new fact)."""
    first_seen: datetime
    updated_at: datetime


class WatchEvent(SQLModel, table=True):
    """One thing ``frt watch`` reported, once: its uid is stable, so a feed shows it once."""

    id: Optional[int] = Field(default=None, primary_key=True)
    uid: str = Field(index=True, unique=True)
    run_id: Optional[int] = Field(default=None, index=True)
    kind: str = Field(index=True)
    """new_commitment, status_change, new_finding, new_actor, new_document, changed_document,
    expiring, expired, source_failing, source_silent, source_quiet"""
    rank: int
    """Higher first: a vendor's commitment or a law's stage change above a new mention."""
    source_id: Optional[str] = Field(default=None, index=True)
    title: str
    url: Optional[str] = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    observed_at: datetime = Field(index=True)
