"""Sources as data: one YAML file per source, validated into a typed model on load.

A source's id is its file stem (``crawler/sources/us/federal_register.yml`` ->
``federal_register``). The parts of a source (Rate, Auth, Paging ...) live in
crawler/source_parts.py and are importable from here.
URLs may contain ``{base_url}``, replaced when loading (demo and fixture sites are served on a
free local port), and request parameters may contain ``{since}`` and ``{keyword}``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from crawler.constants import AuthType, SourceKind, SpiderType
from crawler.source_parts import Auth, FanOut, FieldMap, Incremental, Keywords, Paging, Rate, Strict

SOURCES_DIR = Path(__file__).parent / "sources"


class SourceError(ValueError):
    """Raised by load_source/load_sources when a YAML file is missing, unreadable or invalid."""


class Source(Strict):
    """One crawlable source, as declared in ``crawler/sources/**/<id>.yml``."""

    id: str = ""
    """The file stem; set by the loader, not written in the YAML."""
    base_url: str | None = None
    """The base URL substituted for ``{base_url}``; set by the loader. The store keys documents
    relative to it, so a demo or fixture site served on a new port is the same site."""
    name: str
    """Human name shown in listings."""
    kind: SourceKind
    spider: SpiderType
    publisher: str | None = None
    jurisdiction: str | None = None
    """us, us-ca, us-ca-sf, eu ... for legislatures and regulators."""
    start_urls: list[str] = Field(default_factory=list)
    api_base: str | None = None
    """Base URL of a JSON API or API-style feed (arXiv query endpoint)."""
    params: dict[str, Any] = Field(default_factory=dict)
    fan_out: FanOut | None = None
    """json_api: run the query once per value (a parameter, or ``{each}`` in the URL)."""
    """Query parameters; values may contain {since} and {keyword}; lists repeat the key."""
    headers: dict[str, str] = Field(default_factory=dict)
    results_path: str | None = None
    """Dotted path to the record list in a JSON response ("results", "message.items", "$")."""
    field_map: FieldMap = Field(default_factory=FieldMap)
    paging: Paging = Field(default_factory=Paging)
    incremental: Incremental | None = None
    rate: Rate = Field(default_factory=Rate)
    auth: Auth = Field(default_factory=Auth)
    keywords: Keywords = Field(default_factory=Keywords)
    dedupe_key: str = "url"
    """What identifies a document across fetches: url, or a field (arxiv_id, document_number ...)."""
    follow_links: bool = False
    """feed: fetch each item's link as an article (HTML or PDF) instead of storing the entry."""
    link_selector: str | None = None
    """html_listing: CSS selector of article links on a listing page."""
    next_page_selector: str | None = None
    """html_listing: CSS selector of the next listing page link."""
    url_include: list[str] = Field(default_factory=list)
    """sitemap/listing: regexes a URL must match (any)."""
    url_exclude: list[str] = Field(default_factory=list)
    lastmod_since: str | None = None
    """sitemap: skip URLs whose lastmod is older (YYYY-MM-DD)."""
    max_pages: int | None = Field(None, ge=1)
    timeout_s: float = Field(30.0, gt=0)
    max_bytes: int = Field(20 * 1024 * 1024, gt=0)
    """DOWNLOAD_MAXSIZE for this source."""
    respect_robots: bool = True
    conditional_get: bool = True
    local: bool | None = None
    """Whether the source may reach private, loopback and link-local addresses (crawler/ssrf.py).
    Default: only when every URL it is configured with is itself private (a local test site)."""
    terms_note: str | None = None
    schedule: str | None = None
    """How often to crawl: daily, weekly ..."""
    revisit_days: int | None = Field(None, ge=0)
    """Re-fetch each known document (conditionally) when its last fetch is this many days
    old, whatever its feed or listing answered; 0 never; default 7 (``frt watch --revisit``:
    all now)."""
    ignore_patterns: list[str] = Field(default_factory=list)
    """Regexes removed from every document's text before it is hashed and stored (a "last
    updated" stamp, a view counter): what they match is never a change."""
    quiet_days: int | None = Field(None, ge=1)
    """Days without a new or changed document after which ``frt watch`` says the source is
    quiet; default from schedule (daily 14, weekly 45, monthly 120, else 30)."""
    best_guess: str | None = None
    """Set when the format was not checked against a real response: what is guessed.
    ``frt sources check --online`` confirms it."""
    document_kind: str | None = None
    """Kind given to every document of this source (bill, paper, announcement, report)."""
    accept_content_types: list[str] = Field(
        default_factory=lambda: ["application/pdf", "application/octet-stream"])
    """pdf: Content-Type values accepted as a PDF (the %PDF magic is checked as well)."""

    @field_validator("start_urls")
    @classmethod
    def _urls_are_http(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if not url.startswith(("http://", "https://", "{base_url}")):
                raise ValueError(f"start URL must be http(s): {url!r}")
        return urls

    @field_validator("ignore_patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"ignore pattern {pattern!r} is not a regex: {exc}") from exc
        return patterns

    @property
    def is_local(self) -> bool:
        """May this source's links and redirects reach private addresses? (see ``local``)"""
        if self.local is not None:
            return self.local
        from crawler.ssrf import is_private_url

        urls = [self.api_base] if self.api_base else list(self.start_urls)
        return bool(urls) and all(is_private_url(u) for u in urls)

    @property
    def revisit_after_days(self) -> int:
        return 7 if self.revisit_days is None else self.revisit_days

    @property
    def quiet_after_days(self) -> int:
        if self.quiet_days:
            return self.quiet_days
        return {"hourly": 3, "daily": 14, "weekly": 45, "monthly": 120}.get(
            (self.schedule or "").lower(), 30)

    @model_validator(mode="after")
    def _spider_needs(self) -> Source:
        if not self.start_urls and not self.api_base:
            raise ValueError("give start_urls or api_base")
        if self.spider == SpiderType.HTML_LISTING and not self.link_selector:
            raise ValueError("an html_listing source needs link_selector")
        if self.auth.type != AuthType.NONE and not (self.auth.name and self.auth.env):
            raise ValueError("auth of type query/header needs name and env")
        if self.fan_out and not self.fan_out.param and not any(
                "{each}" in u for u in [self.api_base or "", *self.start_urls]):
            raise ValueError("fan_out without 'param' needs {each} in api_base or start_urls")
        if self.keywords.server_side and not self.keywords.terms:
            raise ValueError("keywords.server_side needs keywords.terms")
        return self


def _format_error(path: Path, err: ValidationError) -> str:
    first = err.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return f"{path}: field {loc!r}: {first['msg']}"


def _substitute(value: Any, base_url: str | None) -> Any:
    if base_url is None:
        return value
    if isinstance(value, str):
        return value.replace("{base_url}", base_url.rstrip("/"))
    if isinstance(value, list):
        return [_substitute(v, base_url) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, base_url) for k, v in value.items()}
    return value


def load_source(path: Path, base_url: str | None = None) -> Source:
    """Load and validate one source file.

    Args:
        path: the YAML file; its stem becomes the source id.
        base_url: replaces ``{base_url}`` in every string (local demo/fixture sites).

    Raises:
        SourceError: naming the file and the first invalid field.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: cannot read YAML: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise SourceError(f"{path}: expected a mapping of fields, got {type(data).__name__}")
    data = _substitute(data, base_url)
    data["id"] = Path(path).stem
    data["base_url"] = base_url.rstrip("/") if base_url else None
    try:
        return Source.model_validate(data)
    except ValidationError as exc:
        raise SourceError(_format_error(Path(path), exc)) from exc


def load_sources(directory: Path = SOURCES_DIR, base_url: str | None = None) -> dict[str, Source]:
    """Load every ``**/*.yml`` under directory, keyed by source id (file stem).

    Raises:
        SourceError: on the first invalid file, or when two files share a stem.
    """
    sources: dict[str, Source] = {}
    for path in sorted(Path(directory).glob("**/*.yml")):
        source = load_source(path, base_url)
        if source.id in sources:
            raise SourceError(f"{path}: duplicate source id {source.id!r}")
        sources[source.id] = source
    return sources
