"""The parts of a Source definition: rate, auth, keywords, paging, incremental watermark and
the JSON field map (re-exported by crawler.registry)."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crawler.constants import AuthType, PagingType


class Strict(BaseModel):
    """Base of every source model: unknown fields are errors, attribute docstrings are docs."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class Rate(Strict):
    min_interval_s: float = Field(1.0, ge=0)
    """Minimum seconds between two requests to this source (DOWNLOAD_DELAY / AutoThrottle floor)."""
    concurrency: int = Field(1, ge=1, le=16)
    """Requests in flight at once for this source."""


class Auth(Strict):
    type: AuthType = AuthType.NONE
    """Where the key goes: nowhere, a query parameter or a header."""
    name: str | None = None
    """Parameter or header name, e.g. ``api_key`` or ``X-API-KEY``."""
    env: str | None = None
    """Environment variable holding the secret; the secret itself never goes in the YAML."""

    def secret(self) -> str | None:
        return os.environ.get(self.env) if self.env else None


class Keywords(Strict):
    terms: list[str] = Field(default_factory=list)
    """Words that make a document relevant, e.g. "facial recognition"."""
    server_side: bool = False
    """True when the API filters by them (``{keyword}`` in params); else filtered locally."""


class Paging(Strict):
    type: PagingType = PagingType.NONE
    """How to walk the pages (see PagingType)."""
    param: str | None = None
    """Name of the page/offset/cursor/start parameter."""
    size_param: str | None = None
    """Name of the page-size parameter (per_page, limit, max_results, $top)."""
    size: int = Field(20, ge=1)
    """Items asked for per page."""
    first: int | str | None = None
    """First page number (1), offset (0) or cursor ("*")."""
    next_path: str | None = None
    """Dotted path to the next URL or next cursor in the response (next_page_url, meta.next_cursor)."""
    max_window: int | None = None
    """Results one query can reach; beyond it the query is split by date (partition_by)."""
    partition_by: str | None = None
    """Date parameter used to split a query whose results exceed max_window: the lower bound
    (``conditions[publication_date][gte]``); see partition_to."""
    partition_to: str | None = None
    """Upper-bound date parameter of a partition (``conditions[publication_date][lte]``)."""
    partition_start: str = "2015-01-01"
    """Lower bound of the first partition when there is no watermark or --since."""
    count_path: str | None = None
    """Dotted path of the total result count (count, pagination.count, meta.count)."""
    stop_on_status: list[int] = Field(default_factory=list)
    """HTTP statuses past the first page that mean "no more pages" (Open States: 404)."""

    @model_validator(mode="after")
    def _param_needed(self) -> Paging:
        needs_param = {PagingType.PAGE, PagingType.OFFSET, PagingType.CURSOR, PagingType.START}
        if self.type in needs_param and not self.param:
            raise ValueError(f"paging type {self.type.value!r} needs 'param'")
        if self.type in (PagingType.NEXT_URL, PagingType.CURSOR) and not self.next_path:
            raise ValueError(f"paging type {self.type.value!r} needs 'next_path'")
        if bool(self.partition_by) != bool(self.partition_to):
            raise ValueError("partition_by and partition_to go together")
        return self


class FanOut(Strict):
    """One source over a list of values (all US states through one Open States source): the
    first request, and its paging, is made once per value."""

    param: str | None = None
    """Query parameter set to each value (``jurisdiction``); without it, ``{each}`` in the
    URLs is replaced instead (``https://webapi.legistar.com/v1/{each}/matters``)."""
    values: list[str] = Field(min_length=1)


class Incremental(Strict):
    param: str
    """Request parameter carrying the watermark (updated_since, fromDateTime, $filter ...)."""
    format: str = "%Y-%m-%d"
    """strftime format of the watermark in the request."""
    template: str | None = None
    """Full parameter value with ``{since}``, e.g. "MatterLastModifiedUtc gt datetime'{since}'"."""
    watermark_from: str | None = None
    """Item field the next watermark is taken from (updated_at, updateDate, lastmod)."""
    initial: str | None = None
    """Watermark of the very first crawl (YYYY-MM-DD); without it the parameter is omitted."""


class FieldMap(Strict):
    id: str | None = None
    """Dotted path of the record's stable id (dedupe key value)."""
    title: str | None = None
    text: list[str] = Field(default_factory=list)
    """Dotted paths joined (blank line between) into the document text; ``[*]`` walks lists."""
    url: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: str | None = None
    """Dotted path of author names (``authorships[*].author.display_name``)."""
    metadata: dict[str, str] = Field(default_factory=dict)
    """Extra fields kept in the document's metadata: name -> dotted path."""
    document_url: str | None = None
    """json_api: dotted path of a URL (FR ``pdf_url``) fetched and stored as the document
    (PDF or HTML), with the record's title, dates and metadata as fallbacks."""
    transforms: dict[str, Literal["inverted_index", "date_parts", "strip_html", "base64"]] = \
        Field(default_factory=dict)
    """Path -> transform for values that are not plain text (crawler/extract/transforms.py)."""
