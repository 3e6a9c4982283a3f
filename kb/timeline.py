"""A dated sequence of events across the KB: commitments starting and ending, laws, papers."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from kb import queries
from kb.judgements import fact_judgements
from kb.models import Document, Source

_DOC_EVENTS = {"legislature": "law", "regulator": "law", "research": "paper",
               "benchmark": "report", "vendor": "announcement", "news": "news"}


def events(session: Session, as_of: date | None = None) -> list[dict[str, Any]]:
    """Events sorted by date; each names its kind, a one-line summary and its citation."""
    as_of = as_of or date.today()
    out: list[dict[str, Any]] = []
    facts = queries.group_commitments(queries.commitments(session, as_of=as_of), fact_judgements(session))
    for c in facts:  # one fact, however many documents report it
        what = f"{c['actor'] or 'unknown actor'}: {c['action'].replace('_', ' ')}"
        if c["scope"]:
            what += f" ({c['scope'].replace('_', ' ')})"
        when = c["start"] or c["announced"]
        if when:
            out.append({"date": when, "kind": "commitment", "summary": what,
                        "status": c["status"], "quote": c["quote"], "url": c["url"],
                        "title": c["title"], "reports": c["n_reports"]})
        if c["end"]:
            if c["status"] in ("extended", "superseded"):
                verb = f"was due to end, then {c['status']}"
            else:
                verb = "ended" if c["end"] < as_of.isoformat() else "ends"
            out.append({"date": c["end"], "kind": "commitment end",
                        "summary": f"{what} {verb} ({c['duration'] or 'end date'})",
                        "status": c["status"], "quote": c["quote"], "url": c["url"],
                        "title": c["title"]})
    rows = list(session.exec(select(Document, Source).join(Source)))
    laws = queries.document_laws(session, [doc for doc, _ in rows])
    for doc, src in rows:
        law = laws.get(doc.id)
        if law is not None:  # a bill's dated stages: introduced, passed, enacted, effective ...
            for e in law.stages:
                if e.date:
                    out.append({"date": e.date.isoformat(), "kind": f"law {e.stage}",
                                "summary": f"{law.identifier or doc.title}: {e.stage} ({e.description})",
                                "status": None, "quote": None, "url": doc.url, "title": doc.title})
        when = doc.published or doc.modified
        if when is None or src.kind == "vendor" or (law is not None and law.stages):
            continue  # vendor posts appear through their commitments, bills through their stages
        kind = _DOC_EVENTS.get(src.kind, "document")
        label = " ".join(p for p in (doc.meta.get("identifier"), doc.title or doc.url) if p)
        out.append({"date": when.date().isoformat(), "kind": kind, "summary": label,
                    "status": None, "quote": None, "url": doc.url, "title": doc.title})
        action, action_date = doc.meta.get("latest_action"), doc.meta.get("latest_action_date")
        if action and action_date:
            out.append({"date": str(action_date)[:10], "kind": f"{kind} action",
                        "summary": f"{doc.meta.get('identifier') or doc.title}: {action}",
                        "status": None, "quote": None, "url": doc.url, "title": doc.title})
    out.sort(key=lambda e: (e["date"], e["kind"]))
    return out
