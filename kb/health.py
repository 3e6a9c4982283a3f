"""Source health: how each source's crawls went, kept per source after every crawl.

A source that fails, or answers with nothing at all (a listing whose selector broke, a feed
gone empty), must never look like a quiet one: ``kb.watch`` reads these rows to say which
sources are failing, silent or merely quiet.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from kb.models import SourceHealth


def record_crawl(session: Session, source_id: str, stats: dict[str, Any], failed: bool,
                 when: datetime) -> SourceHealth:
    """Update a source's health from one crawl's stats (``crawler.report.SourceStats`` as a
    dict: pages, items, new, changed, not_modified, errors)."""
    row = session.get(SourceHealth, source_id) or SourceHealth(
        source_id=source_id, first_run_at=when, last_run_at=when, last_status="ok")
    row.last_run_at = when
    if failed:
        errors = stats.get("errors") or []
        row.last_error = (errors[0] if errors else f"finished: {stats.get('finish_reason')}")[:500]
        row.failing_since = row.failing_since if row.last_status == "failed" and row.failing_since else when
        row.last_status = "failed"
    else:
        row.last_status, row.last_error, row.failing_since, row.last_ok_at = "ok", None, None, when
    if stats.get("items") or stats.get("not_modified"):
        row.last_items_at = when
    if stats.get("new") or stats.get("changed"):
        row.last_new_at = when
    session.add(row)
    return row


def health(session: Session) -> dict[str, SourceHealth]:
    """Every source's health row, by source id."""
    return {row.source_id: row for row in session.exec(select(SourceHealth))}
