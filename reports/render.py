"""Render reports from versioned Jinja2 templates and write them atomically."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.engine import Engine

from kb import queries, timeline
from kb.database import session_scope
from kb.judgements import fact_judgements

TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                   autoescape=select_autoescape(["html.j2"]), trim_blocks=True,
                   lstrip_blocks=True, keep_trailing_newline=True)


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


def human_date(value: str | None) -> str | None:
    """A date as its text gave it: "2019-05" (month precision) reads "May 2019"; a year or a
    day stays as it is."""
    if value and len(value) == 7 and value[4] == "-":
        return f"{MONTH_NAMES[int(value[5:7]) - 1]} {value[:4]}"
    return value


_env.filters["human_date"] = human_date


def template_names() -> list[str]:
    return sorted(p.name for p in TEMPLATES.glob("*.j2"))


def render(name: str, **context) -> str:
    """Render ``reports/templates/<name>`` (e.g. "briefing.v1.md.j2")."""
    if name not in template_names():
        raise ValueError(f"{name} is not a valid template.")
    return _env.get_template(name).render(**context)


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory, so a failure leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report_context(engine: Engine, as_of: date | None = None) -> dict:
    as_of = as_of or date.today()
    with session_scope(engine) as s:
        judged = fact_judgements(s)
        commitments = queries.group_commitments(queries.commitments(s, as_of=as_of), judged)
        return {"as_of": as_of.isoformat(), "commitments": commitments,
                "findings": queries.group_findings(queries.findings(s), judged), "laws": queries.laws(s),
                "sources": queries.documents_per_source(s),
                "entities": queries.entities_per_type(s), "top_entities": queries.top_entities(s),
                "events": timeline.events(s, as_of)}


def write_reports(engine: Engine, out_dir: Path, as_of: date | None = None) -> list[Path]:
    """Write the briefing (Markdown, HTML) and the timeline (Markdown, HTML) into out_dir."""
    ctx = report_context(engine, as_of)
    written = []
    for stem in ("briefing", "timeline"):
        for ext in ("md", "html"):
            path = Path(out_dir) / f"{stem}.{ext}"
            write_atomic(path, render(f"{stem}.v1.{ext}.j2", **ctx))
            written.append(path)
    return written
