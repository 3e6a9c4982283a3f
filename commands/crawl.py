"""`frt crawl`: crawl sources into the knowledge base with a live progress display."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.live import Live
from rich.table import Table

from commands.common import DbOption, console, fail, user_errors
from crawler.registry import SOURCES_DIR, load_sources
from kb.database import make_engine, resolve_url

COLUMNS = ("pages", "items", "new", "changed", "unchanged", "errors")
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", envvar="FRT_SCHEDULER", show_default=False,
    help="redis:// URL of a frontier shared by several workers (see README: Running for a "
         "team); default $FRT_SCHEDULER, else this process crawls alone.")]
RunKeyOption = Annotated[str | None, typer.Option(
    "--run-key", envvar="FRT_RUN_KEY", show_default=False,
    help="With --scheduler: the run to join; workers with the same key share one crawl "
         "(default $FRT_RUN_KEY, else today's UTC date).")]


def check_scheduler(scheduler: str | None, run_key: str | None) -> None:
    """A one-line error and exit 1 when the scheduler cannot be used (before any crawling)."""
    if not scheduler:
        return
    from crawler import distributed  # scrapy-redis is needed only here

    try:
        distributed.check_scheduler(scheduler, run_key or distributed.default_run_key())
    except distributed.SchedulerError as exc:
        raise fail(str(exc)) from None


class ProgressBoard:
    """Per-source counters fed by run_crawl's on_event, rendered as a Rich table."""

    def __init__(self, source_ids: list[str]):
        self.rows = {sid: dict.fromkeys(COLUMNS, 0) | {"state": "crawling"} for sid in source_ids}
        self.last_error: dict[str, str] = {}

    def on_event(self, event: str, source_id: str, info: dict) -> None:
        row = self.rows[source_id]
        if event == "page":
            row["pages"] += 1
        elif event == "item":
            row["items"] += 1
            row[info.get("status", "unchanged")] += 1
        elif event == "error":
            row["errors"] += 1
            self.last_error[source_id] = info.get("reason", "")
        elif event == "source_done":
            row["state"] = "failed" if row["errors"] or info.get("reason") != "finished" else "ok"

    def table(self, title: str = "Crawl") -> Table:
        table = Table(title=title)
        table.add_column("source")
        for col in COLUMNS:
            table.add_column(col, justify="right")
        table.add_column("state")
        for sid, row in self.rows.items():
            style = {"ok": "green", "failed": "red"}.get(row["state"], "yellow")
            table.add_row(sid, *(str(row[c]) for c in COLUMNS), f"[{style}]{row['state']}[/]")
        return table


def crawl(
    source_ids: Annotated[list[str] | None, typer.Argument(
        help="Source ids (file stems); all sources when omitted.", show_default=False)] = None,
    since: Annotated[datetime | None, typer.Option(
        help="Fetch changes since this date instead of each source's watermark.",
        formats=["%Y-%m-%d"])] = None,
    max_pages: Annotated[int | None, typer.Option(help="Requests per source at most.")] = None,
    db: DbOption = None,
    jobdir: Annotated[Path | None, typer.Option(
        help="Directory for resumable crawl state (rerun the same command to resume).")] = None,
    sources_dir: Annotated[Path, typer.Option(help="Where the source YAML files are.")] = SOURCES_DIR,
    base_url: Annotated[str | None, typer.Option(
        help="Replace {base_url} in the source files (locally served test sites).")] = None,
    log_file: Annotated[Path | None, typer.Option(
        help="Write Scrapy's log (INFO) to this file; else only errors go to stderr.")] = None,
    scheduler: SchedulerOption = None,
    run_key: RunKeyOption = None,
) -> None:
    """Crawl sources into the knowledge base.

    Fetches only what changed (watermarks, conditional GETs). A failing source is reported
    and the others go on; exit code 1 when any source failed. With --scheduler, several
    workers (processes, machines) share one crawl through Redis.

    Example: frt crawl federal_register congress_bills --since 2025-01-01 --max-pages 5
    """
    sources = load_sources(sources_dir, base_url=base_url)
    unknown = [sid for sid in source_ids or [] if sid not in sources]
    if unknown:
        raise fail(f"unknown source id(s): {', '.join(unknown)} (see `frt sources list`)")
    chosen = [sources[sid] for sid in source_ids] if source_ids else list(sources.values())
    db_url = resolve_url(db)
    make_engine(db_url).dispose()  # a KBError here is a one-line error before any crawling
    if scheduler and jobdir:
        raise fail("give --jobdir or --scheduler, not both (Redis keeps a shared crawl's state)")
    check_scheduler(scheduler, run_key)
    from crawler.runner import run_crawl  # imports Scrapy/Twisted only when crawling

    board = ProgressBoard([s.id for s in chosen])
    since_day: date | None = since.date() if since else None
    with Live(board.table(), console=console, refresh_per_second=4, transient=True) as live:
        def on_event(event: str, source_id: str, info: dict) -> None:
            board.on_event(event, source_id, info)
            live.update(board.table())

        log = {"LOG_FILE": str(log_file), "LOG_LEVEL": "INFO"} if log_file else \
            {"LOG_LEVEL": "ERROR", "RETRY_GIVE_UP_LOG_LEVEL": "WARNING"}  # reasons: summary
        report = run_crawl(chosen, db_url, since=since_day, max_pages=max_pages,
                           jobdir=jobdir, on_event=on_event, settings=log,
                           scheduler=scheduler, run_key=run_key)
    console.print(board.table("Crawl summary"))
    for sid in report.failed_sources:
        for reason in report.sources[sid].errors[:5]:
            console.print(f"[red]{sid}[/]: {reason}", highlight=False, soft_wrap=True)
    if report.failed_sources:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add the ``crawl`` command to ``app`` (called from cli.py)."""
    app.command("crawl")(user_errors(crawl))
