"""`frt report` (briefing, benchmarks, timeline files) and `frt timeline` (the terminal view)."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Annotated

import typer
from rich.style import Style
from rich.table import Table
from rich.text import Text

from commands.common import DbOption, FormatOption, OutputFormat, console, emit, fail, user_errors
from kb.database import make_engine, session_scope

OutDir = Annotated[Path, typer.Option("--out", "-o", help="Output directory.")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Judge status on this day (YYYY-MM-DD; "
                                          "default today). Same KB and day, same bytes.", show_default=False)]
Actor = Annotated[str | None, typer.Option(help="Only facts whose actor contains this.", show_default=False)]
Product = Annotated[str | None, typer.Option(help="Only facts naming a product that contains this.",
                                             show_default=False)]
Jurisdiction = Annotated[str | None, typer.Option(help="Only measures and bills of this jurisdiction.",
                                                  show_default=False)]

app = typer.Typer(no_args_is_help=False)  # help: the callback's docstring


def _day(value: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise fail(f"{option} must be YYYY-MM-DD, got {value!r}") from None


def _engine(db: str | None):
    return make_engine(db, create=False)


def _written(paths: list[Path]) -> None:
    for path in paths:
        typer.echo(f"wrote {path}")


@app.callback(invoke_without_command=True)
@user_errors
def report(ctx: typer.Context, out: OutDir = Path("frt-report"), as_of: AsOf = None,
           docx: Annotated[bool, typer.Option("--docx", help="Also write briefing.docx.")] = False,
           db: DbOption = None) -> None:
    """Write the briefing, benchmark and timeline reports.

    Without a subcommand, writes all three, unfiltered, as Markdown and HTML into --out:
    briefing.md/.html, benchmarks.md/.html, timeline.md/.html. The subcommands write one
    report each, with filters.

    Example: frt report --out ./weekly --as-of 2026-11-30
    """
    if ctx.invoked_subcommand is None:
        from reports.write import write_all

        _written(write_all(_engine(db), out, _day(as_of, "--as-of"), docx=docx))


@app.command("benchmarks")
@user_errors
def benchmarks(vendor: Annotated[str | None, typer.Option(help="Only vendors whose name contains this.",
                                                          show_default=False)] = None,
               product: Product = None, out: OutDir = Path("frt-report"), as_of: AsOf = None,
               db: DbOption = None) -> None:
    """Write the benchmark-linked report (Markdown, HTML).

    Per vendor and product: what audits and benchmarks found (study, year, metric, value,
    group against comparison, disparity ratio, data set) next to the vendor's commitments
    over time, and the gaps: commitments without an independent audit, findings newer than
    the latest commitment, commitments that expired while findings stood. Writes
    benchmarks.md and benchmarks.html into --out.

    Example: frt report benchmarks --vendor Amazon --out ./weekly
    """
    from reports.write import write_benchmarks

    _written(write_benchmarks(_engine(db), out, _day(as_of, "--as-of"), vendor=vendor, product=product))


@app.command("briefing")
@user_errors
def briefing(actor: Actor = None, jurisdiction: Jurisdiction = None,
             since: Annotated[str | None, typer.Option(help="Only facts dated on or after this day; the "
                                                       "summary's \"changed since\" (default: 90 days "
                                                       "before --as-of).", show_default=False)] = None,
             until: Annotated[str | None, typer.Option(help="Only facts dated on or before this day.",
                                                       show_default=False)] = None,
             as_of: AsOf = None, out: OutDir = Path("frt-report"),
             docx: Annotated[bool, typer.Option("--docx", help="Also write briefing.docx.")] = False,
             max_items: Annotated[int, typer.Option(
                 "--max-items", min=0, help="Show at most this many entries per list (the newest; "
                 "findings: the largest disparities) and count the rest; 0 shows everything.")] = 25,
             db: DbOption = None) -> None:
    """Write the analyst briefing (Markdown, HTML, DOCX).

    Executive summary first (in force now, changed since --since, expiring soon), then
    measures by jurisdiction and stage, vendor commitments by status, key findings with
    their disparity ratios, and a numbered source list (quote, URL, fetch date) that every
    fact points to. Writes briefing.md and briefing.html (and briefing.docx with --docx).

    Example: frt report briefing --jurisdiction California --as-of 2021-06-01 --docx
    """
    from reports.write import write_briefing

    _written(write_briefing(_engine(db), out, _day(as_of, "--as-of"), actor=actor, jurisdiction=jurisdiction,
                            since=_day(since, "--since"), until=_day(until, "--until"), docx=docx,
                            max_items=max_items))


@app.command("timeline")
@user_errors
def timeline_report(actor: Actor = None, product: Product = None, jurisdiction: Jurisdiction = None,
                    out: OutDir = Path("frt-report"), as_of: AsOf = None, db: DbOption = None) -> None:
    """Write the visual timeline (HTML with SVG, and Markdown).

    Commitments and measures as bars from start to end (open-ended ones to --as-of),
    coloured by status, bills' dated stages and findings as marks, each linked to its
    source; then the dated events by year. Writes timeline.html and timeline.md into --out.

    Example: frt report timeline --actor Amazon --out ./weekly
    """
    from reports.selection import Selection
    from reports.write import write_timeline

    _written(write_timeline(_engine(db), out, _day(as_of, "--as-of"), Selection(actor, product, jurisdiction)))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="report")

    @root.command("timeline")
    @user_errors
    def timeline_cmd(actor: Actor = None, product: Product = None, jurisdiction: Jurisdiction = None,
                     as_of: AsOf = None, db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Show dated events: commitments, their ends, laws, papers.

        In the terminal, grouped by year; --format json or csv gives one row per event.
        --actor, --product and --jurisdiction keep the events of matching facts.

        Example: frt timeline --actor Amazon --as-of 2021-01-01
        """
        from kb import timeline
        from reports.facts import load
        from reports.selection import Selection

        day = _day(as_of, "--as-of") or date.today()
        with session_scope(_engine(db)) as s:
            rows = timeline.events(s, day)
            selection = Selection(actor, product, jurisdiction)
            if selection.active:
                rows = selection.events(rows, load(s, day))
        if fmt != OutputFormat.table:
            emit(rows, ["date", "kind", "summary", "status", "url"], fmt, "Timeline")
            return
        _by_year(rows)


def _by_year(rows: list[dict]) -> None:
    """The Rich view: one table per year, newest events last."""
    if not rows:
        console.print("No dated events.")
    for year, events in groupby(rows, key=lambda e: e["date"][:4]):
        table = Table(title=f"[bold]{year}[/]", title_justify="left", show_lines=False, expand=True)
        for name, style, width in (("date", "bold", 10), ("kind", "cyan", 18), ("summary", "", None),
                                   ("status", "magenta", 10)):
            table.add_column(name, style=style or None, overflow="fold", width=width)
        for e in events:
            summary = Text(e["summary"], style=Style(link=e["url"]) if e.get("url") else "")
            table.add_row(e["date"], e["kind"], summary, e["status"] or "")
        console.print(table)
