"""What is new since the last watch: events for new and changed documents, new facts, status
changes, new findings, law stage changes and new actors.

The last watch's view of every fact, law and actor is kept (``WatchItem``); ``observe``
compares the knowledge base with it, stores one ``WatchEvent`` per difference and updates
the view. Every event has a stable uid ("new:c:<fact key>", "status:<item>:<status>"), so
the same change is never reported twice and a feed reader shows each event once. Alerts
(expiring promises, failing and quiet sources) are in kb/alerts.py.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from kb import queries
from kb.alerts import expiry_alerts, source_alerts
from kb.health import health
from kb.judgements import fact_judgements
from kb.models import Document, DocumentVersion, Entity, Mention, WatchEvent, WatchItem

RANK = {"status_change": 90, "new_commitment": 80, "new_law": 75, "expired": 72, "expiring": 70,
        "source_failing": 68, "source_silent": 66, "new_finding": 60, "changed_document": 50, "new_document": 40,
        "source_quiet": 30, "new_actor": 20}
"""Higher first: a vendor's promise or a law's stage change above a new mention."""
ACTOR_TYPES = ("VENDOR", "AGENCY", "LEGISLATURE", "JURISDICTION")
DIFF_LINES = 6


@dataclass
class Observation:
    """What one watch found: the events it stored (new ones only)."""

    events: list[WatchEvent] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    """Every standing alert (expiring, expired, failing, quiet), new or reported before."""

    def add(self, session: Session, known: set[str], **fields: Any) -> None:
        if fields["uid"] in known:
            return
        known.add(fields["uid"])
        event = WatchEvent(rank=RANK[fields["kind"]], **fields)
        session.add(event)
        self.events.append(event)


def known_uids(session: Session, uids: list[str]) -> set[str]:
    """The uids among ``uids`` already stored (in chunks: SQL parameter limits)."""
    found: set[str] = set()
    for i in range(0, len(uids), 500):
        found.update(session.exec(select(WatchEvent.uid).where(WatchEvent.uid.in_(uids[i:i + 500]))))
    return found


def short_diff(old: str, new: str, limit: int = DIFF_LINES) -> list[str]:
    """The changed lines, "-" removed and "+" added, at most ``limit`` (each cut at 200 chars)."""
    out = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")) or not line[1:].strip():
            continue
        out.append(line if len(line) <= 200 else line[:199] + "…")
        if len(out) >= limit:
            break
    return out


class Watcher:
    """Compares the KB with the last watch's view; ``observe`` stores and returns the events."""

    def __init__(self, session: Session, *, as_of: date, now: datetime, run_id: int | None,
                 expiring_days: int = 30, quiet_days: dict[str, int] | None = None):
        self.session, self.as_of, self.now, self.run_id = session, as_of, now, run_id
        self.expiring_days, self.quiet_days = expiring_days, quiet_days or {}
        self.alerts: list[tuple] = []
        self.items = {row.id: row for row in session.exec(select(WatchItem))}
        self.by_key = {key: row.id for row in self.items.values() for key in row.keys or []}
        self.result = Observation()
        self.known: set[str] = set()
        self.docs: dict[int, tuple[str, str]] = {}

    def _event(self, kind: str, uid: str, title: str, **fields: Any) -> None:
        self.result.add(self.session, self.known, kind=kind, uid=uid, title=title,
                        run_id=self.run_id, observed_at=self.now, **fields)

    def _item(self, item_id: str, kind: str, label: str, status: str | None,
              end: date | None, keys: list[str]) -> tuple[WatchItem, str | None]:
        """Create or update the watched item; returns it and its previous status ("" when new)."""
        row = self.items.get(item_id)
        if row is None:
            row = WatchItem(id=item_id, kind=kind, label=label, status=status, end=end,
                            keys=sorted(set(keys)), first_seen=self.now, updated_at=self.now)
            self.items[item_id] = row
            self.session.add(row)
            return row, ""
        before = row.status
        merged = sorted(set(row.keys or []) | set(keys))
        if (before, row.end, row.label, row.keys) != (status, end, label, merged):
            row.status, row.end, row.label, row.keys, row.updated_at = status, end, label, merged, self.now
            self.session.add(row)
        return row, before

    def _source_of(self, document_id: int | None) -> str | None:
        return self.docs.get(document_id, (None, None))[0] if document_id else None

    def observe(self, since: datetime | None) -> Observation:
        """Store events for everything that differs from the last watch; documents first seen
        or changed at or after ``since`` (all of them when None)."""
        self.docs = {i: (s, k) for i, s, k in self.session.exec(
            select(Document.id, Document.source_id, Document.key))}
        candidates = self._documents(since) + self._facts() + self._laws() + self._actors()
        self.alerts += source_alerts(health(self.session), self.quiet_days, self.now)
        candidates += self.alerts
        self.known = known_uids(self.session, [c[1] for c in candidates])
        self.result.alerts = [{"kind": kind, "uid": uid, "title": title, "rank": RANK[kind],
                               "new": uid not in self.known, **fields}
                              for kind, uid, title, fields in self.alerts]
        for kind, uid, title, fields in candidates:
            self._event(kind, uid, title, **fields)
        return self.result

    def _documents(self, since: datetime | None) -> list[tuple]:
        out = []
        query = select(Document)
        if since is not None:
            query = query.where(Document.first_seen >= since)
        for doc in self.session.exec(query):
            out.append(("new_document", f"doc:{doc.source_id}:{doc.key}", doc.title or doc.url,
                        {"source_id": doc.source_id, "url": doc.url,
                         "detail": {"published": doc.published.date().isoformat() if doc.published else None}}))
        changed = select(DocumentVersion, Document).join(Document).where(DocumentVersion.version_no > 1)
        if since is not None:
            changed = changed.where(DocumentVersion.fetched_at >= since)
        for version, doc in self.session.exec(changed):
            before = self.session.exec(select(DocumentVersion.text).where(
                DocumentVersion.document_id == doc.id,
                DocumentVersion.version_no < version.version_no)
                .order_by(DocumentVersion.version_no.desc()).limit(1)).first() or ""
            out.append(("changed_document", f"docv:{doc.source_id}:{doc.key}:{version.content_hash[:16]}",
                        doc.title or doc.url,
                        {"source_id": doc.source_id, "url": doc.url,
                         "detail": {"version": version.version_no,
                                    "diff": short_diff(before, version.text)}}))
        return out

    def _facts(self) -> list[tuple]:
        out = []
        rows = queries.commitments(self.session, as_of=self.as_of)
        key_of = {r["id"]: r["fact_key"] for r in rows}
        for fact in queries.group_commitments(rows, fact_judgements(self.session)):
            keys = [key_of[r["id"]] for r in fact["reports"] if r["id"] in key_of]
            what = f"{fact['actor'] or 'unknown actor'}: {fact['action'].replace('_', ' ')}"
            if fact.get("scope"):
                what += f" ({fact['scope'].replace('_', ' ')})"
            seen = sorted({self.by_key[k] for k in keys if k in self.by_key})
            item_id = seen[0] if seen else f"c:{min(keys)}"
            end = date.fromisoformat(fact["end"]) if fact.get("end") else None
            row, before = self._item(item_id, "commitment", what, fact["status"], end, keys)
            fields = {"source_id": self._source_of(fact.get("document_id")), "url": fact.get("url"),
                      "detail": {"status": fact["status"], "start": fact.get("start"),
                                 "end": fact.get("end"), "quote": fact.get("quote"),
                                 "actor": fact.get("actor"), "action": fact["action"],
                                 "law": fact.get("law"), "item": row.id}}
            self.alerts += expiry_alerts(row.id, what, fact, self.as_of, self.expiring_days, fields)
            if before == "":
                out.append(("new_commitment", f"new:{row.id}", what, fields))
            elif before != fact["status"]:
                fields["detail"]["previous"] = before
                out.append(("status_change", f"status:{row.id}:{fact['status']}:{fact.get('end')}",
                            f"{what}: {before} → {fact['status']}", fields))
        rows = queries.findings(self.session)
        key_of = {r["id"]: r["fact_key"] for r in rows}
        for fact in queries.group_findings(rows, fact_judgements(self.session)):
            keys = [key_of[r["id"]] for r in fact["reports"] if r["id"] in key_of]
            value = f"{fact['value']:g}{fact['unit'] or ''}" if fact.get("value") is not None else "?"
            label = " ".join(str(p) for p in (fact.get("study") or fact.get("system"), fact.get("metric"),
                                              value, fact.get("group")) if p)
            seen = sorted({self.by_key[k] for k in keys if k in self.by_key})
            row, before = self._item(seen[0] if seen else f"f:{min(keys)}", "finding", label, None, None, keys)
            if before == "":
                out.append(("new_finding", f"new:{row.id}", label,
                            {"source_id": self._source_of(fact.get("document_id")), "url": fact.get("url"),
                             "detail": {"quote": fact.get("quote"), "system": fact.get("system"),
                                        "group": fact.get("group"), "item": row.id}}))
        return out

    def _laws(self) -> list[tuple]:
        out = []
        for law in queries.laws(self.session):
            item_id = f"l:{self.docs.get(law['document_id'], ('', law['url']))[1] or law['url']}"
            name = law.get("identifier") or law.get("title") or law["url"]
            stage = law.get("stage")
            if stage is None and not law.get("identifier"):
                continue  # a notice of a legislative source, not a bill with a course
            row, before = self._item(item_id, "law", name, stage, None, [])
            fields = {"source_id": self._source_of(law["document_id"]), "url": law["url"],
                      "detail": {"stage": stage, "status": law.get("status"), "item": row.id}}
            if before == "":
                out.append(("new_law", f"new:{row.id}", f"{name} ({stage or 'stage unknown'})", fields))
            elif before != stage:
                fields["detail"]["previous"] = before
                out.append(("status_change", f"status:{row.id}:{stage}", f"{name}: {before} → {stage}", fields))
        return out

    def _actors(self) -> list[tuple]:
        out = []
        first = func.min(Mention.document_id)
        for name, type_, doc_id in self.session.exec(
                select(Entity.name, Entity.type, first).join(Mention, Mention.entity_id == Entity.id)
                .where(Entity.type.in_(ACTOR_TYPES)).group_by(Entity.id, Entity.name, Entity.type)):
            row, before = self._item(f"e:{name}|{type_}", "actor", f"{name} ({type_.lower()})",
                                     None, None, [])
            if before == "":
                out.append(("new_actor", f"new:{row.id}", row.label,
                            {"source_id": self._source_of(doc_id), "detail": {"type": type_}}))
        return out
