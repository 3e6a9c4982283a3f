"""Write the reports into a directory, atomically: ``briefing.md/.html`` (and ``.docx``),
``benchmarks.md/.html``, ``timeline.md/.html``. Each writer reads the knowledge base once."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from kb import queries, timeline
from kb.database import session_scope
from reports import facts
from reports.benchmarks import benchmarks_context
from reports.briefing import MAX_ITEMS, briefing_context
from reports.render import render, write_atomic, write_bytes_atomic
from reports.selection import Selection
from reports.svg_timeline import layout


def _load(engine: Engine, as_of: date | None, with_events: bool = False):
    as_of = as_of or date.today()
    with session_scope(engine) as s:
        return facts.load(s, as_of), (timeline.events(s, as_of) if with_events else None)


VERSION = {"briefing": "v2", "benchmarks": "v1", "timeline": "v2"}  # templates/<stem>.<version>.<ext>.j2


def _both(out_dir: Path, stem: str, ctx: dict[str, Any]) -> list[Path]:
    written = []
    for ext in ("md", "html"):
        path = Path(out_dir) / f"{stem}.{ext}"
        write_atomic(path, render(f"{stem}.{VERSION[stem]}.{ext}.j2", **ctx))
        written.append(path)
    return written


def write_benchmarks(engine: Engine, out_dir: Path, as_of: date | None = None, *, vendor: str | None = None,
                     product: str | None = None) -> list[Path]:
    kb, _ = _load(engine, as_of)
    return _both(out_dir, "benchmarks", benchmarks_context(kb, vendor=vendor, product=product))


def write_briefing(engine: Engine, out_dir: Path, as_of: date | None = None, *, actor: str | None = None,
                   jurisdiction: str | None = None, since: date | None = None, until: date | None = None,
                   docx: bool = False, max_items: int | None = MAX_ITEMS) -> list[Path]:
    with facts.gc_paused():
        # the laws and facts it shows are read whole while it is built, each law record built once
        with session_scope(engine) as s, queries.law_records_cached(s):
            kb = facts.load(s, as_of or date.today(), outlines=True)
            ctx = briefing_context(kb, actor=actor, jurisdiction=jurisdiction, since=since, until=until,
                                   max_items=max_items)
        written = _both(out_dir, "briefing", ctx)
    if docx:
        from reports.docx_briefing import briefing_docx  # python-docx loads only when asked

        path = Path(out_dir) / "briefing.docx"
        write_bytes_atomic(path, briefing_docx(ctx))
        written.append(path)
    return written


def timeline_context(kb: facts.KBFacts, events: list[dict], selection: Selection) -> dict[str, Any]:
    commitments, laws, findings = selection.apply(kb)
    kept = selection.events(events, kb)
    years = [{"year": y, "events": list(evs)} for y, evs in groupby(kept, key=lambda e: e["date"][:4])]
    return {"as_of": kb.as_of.isoformat(), "years": years, "events": kept,
            "t": layout(commitments, laws, findings, kb.as_of),
            "filters": {"actor": selection.actor, "product": selection.product,
                        "jurisdiction": selection.jurisdiction}}


def write_timeline(engine: Engine, out_dir: Path, as_of: date | None = None,
                   selection: Selection = Selection()) -> list[Path]:
    kb, events = _load(engine, as_of, with_events=True)
    return _both(out_dir, "timeline", timeline_context(kb, events, selection))


def write_all(engine: Engine, out_dir: Path, as_of: date | None = None, docx: bool = False) -> list[Path]:
    """Briefing, benchmarks and timeline, unfiltered."""
    as_of = as_of or date.today()
    return (write_briefing(engine, out_dir, as_of, docx=docx) + write_benchmarks(engine, out_dir, as_of)
            + write_timeline(engine, out_dir, as_of))
