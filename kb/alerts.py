"""Alerts that need no crawl: promises and measures that expire soon or expired with no
follow-up, and sources that fail or have gone quiet.

Each alert is a candidate event (kind, uid, title, fields) with a uid stable for as long as
the situation lasts ("expiring:<item>:<end>", "failing:<source>:<since>"), so it is reported
once as new and listed as standing on every later watch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from kb.models import SourceHealth

ENDED = {"extended", "superseded", "expired", "repealed", "failed"}
Candidate = tuple[str, str, str, dict[str, Any]]


def expiry_alerts(item_id: str, label: str, fact: dict[str, Any], as_of: date, days: int,
                  fields: dict[str, Any]) -> list[Candidate]:
    """An expiring alert when the fact ends within ``days`` of ``as_of``, an expired one when it
    ended with no extension or reversal (its status is "expired")."""
    end = date.fromisoformat(fact["end"]) if fact.get("end") else None
    if end is None:
        return []
    if fact["status"] == "expired" and end < as_of:
        return [("expired", f"expired:{item_id}:{end}",
                 f"{label}: ended {end} with no extension or follow-up", fields)]
    if fact["status"] not in ENDED and as_of <= end <= as_of + timedelta(days=days):
        left = (end - as_of).days
        return [("expiring", f"expiring:{item_id}:{end}",
                 f"{label}: ends {end} (in {left} day{'s' if left != 1 else ''})", fields)]
    return []


def source_alerts(health: dict[str, SourceHealth], quiet_days: dict[str, int],
                  now: datetime) -> list[Candidate]:
    """A failing alert per source whose last crawl failed (once per failing spell), a quiet
    alert per source with no new or changed document for longer than its ``quiet_days``."""
    out: list[Candidate] = []
    for source_id, row in sorted(health.items()):
        fields = {"source_id": source_id, "detail": {"last_run": row.last_run_at.isoformat(timespec="seconds")}}
        if row.last_status == "failed":
            since = _aware(row.failing_since or row.last_run_at)
            fields["detail"]["error"] = row.last_error
            out.append(("source_failing", f"failing:{source_id}:{since.isoformat(timespec='seconds')}",
                        f"{source_id} failing since {since:%Y-%m-%d %H:%M} UTC: {row.last_error}", fields))
            continue
        limit = quiet_days.get(source_id)
        last = _aware(row.last_new_at) if row.last_new_at else None
        counted_from = last or _aware(row.first_run_at or row.last_run_at)
        if limit and now - counted_from > timedelta(days=limit):
            when = f"since {last:%Y-%m-%d}" if last else f"since its first crawl on {counted_from:%Y-%m-%d}"
            fields["detail"]["quiet_days"] = limit
            listed = _aware(row.last_items_at) if row.last_items_at else None
            if listed is None or now - listed > timedelta(days=limit):
                # Answers, but lists nothing at all (no item, no unchanged page): a selector
                # that broke or a feed gone empty, not a quiet source.
                seen = f"since {listed:%Y-%m-%d}" if listed else "in any crawl"
                out.append(("source_silent", f"silent:{source_id}:{listed.date() if listed else 'never'}",
                            f"{source_id}: answers but has listed nothing {seen}; its feed, API or "
                            f"selector may have broken", fields))
                continue
            out.append(("source_quiet", f"quiet:{source_id}:{last.date() if last else 'never'}",
                        f"{source_id}: no new or changed document {when} (expected within {limit} days)",
                        fields))
    return out


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
