"""Render reports from versioned Jinja2 templates and write them atomically."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.engine import Engine

TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                   autoescape=select_autoescape(["html.j2", "svg.j2"]), trim_blocks=True,
                   lstrip_blocks=True, keep_trailing_newline=True)


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


def human_date(value: str | None) -> str | None:
    """A date as its text gave it: "2019-05" (month precision) reads "May 2019"; a year or a
    day stays as it is."""
    if value and len(value) == 7 and value[4] == "-":
        return f"{MONTH_NAMES[int(value[5:7]) - 1]} {value[:4]}"
    return value


MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|"} | {"<": "&lt;", ">": "&gt;", "\n": " ",
                                                                   "\r": " "})


def md_text(value: object) -> str:
    """Text made inert in Markdown: no HTML tags, links, emphasis or table cell breaks."""
    return "" if value is None else str(value).translate(MD_SPECIAL)


def md_url(value: object) -> str:
    """A URL safe inside Markdown's (...) link target."""
    return "" if value is None else str(value).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


_env.filters["human_date"] = human_date
_env.filters["md"] = md_text
_env.filters["mdurl"] = md_url


def template_names() -> list[str]:
    return sorted(p.name for p in TEMPLATES.glob("*.j2"))


def render(name: str, **context) -> str:
    """Render ``reports/templates/<name>`` (e.g. "benchmarks.v1.md.j2")."""
    if name not in template_names():
        raise ValueError(f"{name} is not a valid template.")
    return _env.get_template(name).render(**context)


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory, so a failure leaves no half file."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Binary :func:`write_atomic` (DOCX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(engine: Engine, out_dir: Path, as_of: date | None = None) -> list[Path]:
    """Write the briefing (Markdown, HTML) and the timeline (Markdown, HTML) into out_dir
    (what ``frt demo`` writes; reports.write has each report with its filters)."""
    from reports.write import write_briefing, write_timeline  # reports.write imports this module

    as_of = as_of or date.today()
    return write_briefing(engine, out_dir, as_of) + write_timeline(engine, out_dir, as_of)
