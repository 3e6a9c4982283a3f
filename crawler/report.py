"""What a crawl found, per source: the value run_crawl returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SourceStats:
    pages: int = 0
    items: int = 0
    """Documents that reached the store: new + changed + unchanged (304s included)."""
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    not_modified: int = 0
    """Of the unchanged, how many were 304 answers to a conditional GET."""
    pages_not_modified: int = 0
    """Feed, sitemap and listing pages answered 304 (nothing new below them: not silence)."""
    errors: list[str] = field(default_factory=list)
    finish_reason: str | None = None
    elapsed_s: float | None = None
    """Seconds from spider open to close."""
    skipped: list[str] = field(default_factory=list)
    """First URLs (up to 20) not requested because max_pages was reached."""


@dataclass
class CrawlReport:
    sources: dict[str, SourceStats] = field(default_factory=dict)

    @property
    def failed_sources(self) -> list[str]:
        """Sources with any error, or that did not finish normally."""
        return [sid for sid, s in self.sources.items()
                if s.errors or s.finish_reason not in ("finished", None)]

    def to_dict(self) -> dict[str, Any]:
        return {"sources": {k: asdict(v) for k, v in self.sources.items()},
                "failed_sources": self.failed_sources}
