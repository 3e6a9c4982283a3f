"""The Atom feed of watch events (feedgen): one entry per event, its id derived from the
event's stable uid, so a feed reader shows each event once however often the feed is
rewritten."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from reports.render import write_atomic

FEED_ID = "urn:frt:watch"


def entry_id(uid: str) -> str:
    """A stable Atom id (an IRI) for an event uid."""
    return f"urn:frt:event:{hashlib.sha1(uid.encode('utf-8')).hexdigest()}"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def atom_feed(events: list[dict[str, Any]], title: str = "frt watch") -> str:
    """Atom XML for ``events`` (dicts with uid, kind, title, url, source_id, observed_at,
    detail), newest first."""
    fg = FeedGenerator()
    fg.id(FEED_ID)
    fg.title(title)
    fg.author({"name": "frt"})
    fg.link(href=FEED_ID, rel="self")
    fg.language("en")
    newest = max((_aware(e["observed_at"]) for e in events), default=datetime(2000, 1, 1, tzinfo=UTC))
    fg.updated(newest)
    for event in sorted(events, key=lambda e: (_aware(e["observed_at"]), e["uid"])):
        fe = fg.add_entry()  # feedgen prepends: the last added is the first shown
        fe.id(entry_id(event["uid"]))
        fe.title(f"[{event['kind'].replace('_', ' ')}] {event['title']}")
        fe.updated(_aware(event["observed_at"]))
        if event.get("url"):
            fe.link(href=event["url"])
        if event.get("source_id"):
            fe.category(term=event["source_id"])
        lines = [f"source: {event.get('source_id') or '-'}"]
        detail = event.get("detail") or {}
        lines += [f"{k}: {v}" for k, v in detail.items() if v not in (None, "", [])
                  and not isinstance(v, (list, dict))]
        lines += detail.get("diff") or []
        fe.content("\n".join(lines), type="text")
    return fg.atom_str(pretty=True).decode("utf-8")


def write_feed(path: Path, events: list[dict[str, Any]]) -> None:
    """Write the feed atomically (a reader never sees half a file)."""
    write_atomic(path, atom_feed(events))


def events_json(events: list[dict[str, Any]]) -> str:
    return json.dumps(events, indent=2, ensure_ascii=False, default=str)
