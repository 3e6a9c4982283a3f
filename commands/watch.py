"""`frt watch`: crawl what changed, extract it, and report what is new since the last watch;
`frt runs`: the crawls, extractions and watches recorded in the knowledge base.

Exit codes: 0 nothing new, 10 something new, 1 error (documented in the README).
"""

from __future__ import annotations

import shlex
import subprocess
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import select

from commands.common import DbOption, FormatOption, OutputFormat, console, emit, fail, user_errors
from commands.crawl import SchedulerOption, check_scheduler
from crawler.registry import SOURCES_DIR, load_sources
from kb.database import make_engine, resolve_url, session_scope
from kb.retry import write_transaction
from kb.lease import holding
from kb.models import Run, WatchEvent
from kb.store import finish_run, start_run, utcnow
from kb.watch import Watcher
from reports.atom import events_json, write_feed
from reports.render import render

NEW = 10
FEED_EVENTS = 500
"""Events an Atom feed keeps (the newest)."""


class WatchFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _event_dict(e: WatchEvent) -> dict[str, Any]:
    return {"uid": e.uid, "kind": e.kind, "rank": e.rank, "source_id": e.source_id, "title": e.title,
            "url": e.url, "detail": e.detail or {}, "observed_at": _aware(e.observed_at), "run_id": e.run_id}


def _last_watch(session) -> Run | None:
    return session.exec(select(Run).where(Run.kind == "watch", Run.status != "running")
                        .order_by(Run.id.desc())).first()


def _crawl(sources, db_url: str, revisit: bool, quiet: bool,
           scheduler: str | None = None) -> dict[str, Any]:
    """The incremental crawl (and extraction of what changed); returns the crawl summary."""
    from commands.crawl import ProgressBoard
    from commands.extract_all import extract_knowledge_base
    from crawler.runner import run_crawl

    out = Console(stderr=True, quiet=quiet)
    board = ProgressBoard([s.id for s in sources])
    report = run_crawl(sources, db_url, on_event=board.on_event, revisit_all=revisit,
                       scheduler=scheduler,
                       settings={"LOG_LEVEL": "ERROR", "RETRY_GIVE_UP_LOG_LEVEL": "WARNING"})
    out.print(board.table("Crawl"))
    if _stale(db_url):  # no model load when nothing changed
        extract_knowledge_base(db_url, quiet=quiet)
    return {"failed_sources": report.failed_sources,
            "documents": {sid: {k: getattr(s, k) for k in ("new", "changed", "unchanged", "not_modified")}
                          for sid, s in report.sources.items()}}


def _stale(db_url: str) -> int:
    """Documents whose text or extractor version changed since their last extraction."""
    from kb.facts import stale_documents
    from pipelines.nlp.version import EXTRACTOR_VERSION

    engine = make_engine(db_url)
    with session_scope(engine) as session:
        count = len(stale_documents(session, EXTRACTOR_VERSION))
    engine.dispose()
    return count


def _ranked(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Grouped by source (the source with the most important event first), ranked within."""
    top: dict[str, int] = {}
    for e in events:
        key = e.get("source_id") or ""
        top[key] = max(top.get(key, 0), e["rank"])
    return sorted(events, key=lambda e: (-top[e.get("source_id") or ""], e.get("source_id") or "",
                                         -e["rank"], e["title"]))


def _table(events: list[dict[str, Any]], alerts: list[dict[str, Any]]) -> None:
    if alerts:
        table = Table(title="Alerts")
        for col in ("alert", "source", "what", "new"):
            table.add_column(col, overflow="fold")
        for a in alerts:
            table.add_row(a["kind"].replace("_", " "), a.get("source_id") or "", a["title"],
                          "new" if a["new"] else "")
        console.print(table)
    if not events:
        console.print("nothing new since the last watch", highlight=False)
        return
    table = Table(title=f"What is new ({len(events)})")
    for col in ("source", "event", "what", "link"):
        table.add_column(col, overflow="fold")
    for e in events:
        what = e["title"]
        diff = e["detail"].get("diff") or []
        if diff:
            what += "\n" + "\n".join(diff[:4])
        table.add_row(e.get("source_id") or "", e["kind"].replace("_", " "), what, e.get("url") or "")
    console.print(table)


def _notify(cmd: str, payload: str) -> None:
    try:
        proc = subprocess.run(shlex.split(cmd), input=payload, text=True, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
        raise fail(f"--notify-cmd could not run: {exc}") from None
    if proc.returncode != 0:
        raise fail(f"--notify-cmd exited with {proc.returncode}: {(proc.stderr or '').strip()[:200]}")


def watch(
    source_ids: Annotated[list[str] | None, typer.Argument(
        help="Source ids to crawl (all when omitted).", show_default=False)] = None,
    since_last: Annotated[bool, typer.Option(
        "--since-last", help="Report what is new since the last watch (the default).")] = False,
    since: Annotated[datetime | None, typer.Option(
        help="Report everything observed since this date (earlier watches included).",
        formats=["%Y-%m-%d"])] = None,
    feed: Annotated[Path | None, typer.Option(
        help="Write an Atom feed of the latest events here (stable entry ids).")] = None,
    fmt: Annotated[WatchFormat, typer.Option("--format", "-f", help="table, json or md.")] = WatchFormat.table,
    notify_cmd: Annotated[str | None, typer.Option(
        help="Run this command with the new events' JSON on stdin when there are any.")] = None,
    revisit: Annotated[bool, typer.Option(
        help="Re-check every known document now (conditional requests).")] = False,
    no_crawl: Annotated[bool, typer.Option(
        "--no-crawl", help="Do not crawl: report alerts and what other runs stored.")] = False,
    expiring_days: Annotated[int, typer.Option(
        help="Alert on commitments and measures that end within this many days.", min=0)] = 30,
    as_of: Annotated[datetime | None, typer.Option(
        help="Judge statuses and expiry on this day (default today).", formats=["%Y-%m-%d"])] = None,
    db: DbOption = None,
    sources_dir: Annotated[Path, typer.Option(help="Where the source YAML files are.")] = SOURCES_DIR,
    base_url: Annotated[str | None, typer.Option(
        help="Replace {base_url} in the source files (locally served test sites).")] = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Crawl, extract and report what is new since the last watch.

    New documents, changed documents (with a short diff), new commitments and measures,
    status and stage changes, findings, actors; and alerts: promises expiring or expired
    with no follow-up, failing and quiet sources.

    Exit code 0 when nothing is new, 10 when something is, 1 on error.

    Example: frt watch --feed ~/frt/watch.xml --notify-cmd "mail -s 'frt' me@example.org"
    """
    if since_last and since is not None:
        raise fail("give --since-last or --since DATE, not both")
    sources = load_sources(sources_dir, base_url=base_url)
    unknown = [sid for sid in source_ids or [] if sid not in sources]
    if unknown:
        raise fail(f"unknown source id(s): {', '.join(unknown)} (see `frt sources list`)")
    chosen = [sources[sid] for sid in source_ids] if source_ids else list(sources.values())
    db_url = resolve_url(db)
    make_engine(db_url).dispose()  # a KBError here is a one-line error before any crawling
    quiet = fmt != WatchFormat.table
    if not no_crawl:
        check_scheduler(scheduler, None)  # the run key: $FRT_RUN_KEY, else today's UTC date
    # one watch of a source at a time (a shared --scheduler frontier is meant to be shared)
    claims = [] if no_crawl or scheduler else [f"watch:{s.id}" for s in chosen]
    with holding(make_engine(db_url), claims) as held:
        busy = {h.name: h for h in held.busy}
        for name, h in busy.items():
            typer.echo(h.describe(f"source {name[6:]} is being watched") + ": skipped", err=True)
        mine = [s for s in chosen if f"watch:{s.id}" not in busy]
        crawl = None if no_crawl or not mine else _crawl(mine, db_url, revisit, quiet, scheduler)
    engine = make_engine(db_url)
    day = as_of.date() if as_of else date.today()

    def observe(session) -> tuple[list, list, list, list]:
        """One transaction under the "watch" lock: two watches never observe (and record
        the same events) at once, and a conflict re-runs the whole observation."""
        previous = _last_watch(session)
        cursor = datetime.fromisoformat(previous.stats["observed_at"]) if previous and \
            previous.stats.get("observed_at") else None
        run = start_run(session, "watch", sources=[s.id for s in chosen], crawled=not no_crawl)
        now = utcnow()
        watcher = Watcher(session, as_of=day, now=now, run_id=run.id, expiring_days=expiring_days,
                          quiet_days={s.id: s.quiet_after_days for s in sources.values()})
        seen = watcher.observe(cursor)
        session.flush()
        new = [_event_dict(e) for e in seen.events]
        if since is not None:
            floor = since.replace(tzinfo=UTC)
            reported = [_event_dict(e) for e in session.exec(
                select(WatchEvent).where(WatchEvent.observed_at >= floor))]
        else:
            reported = new
        finish_run(session, run, "ok", observed_at=now.isoformat(), events=len(new),
                   reported=len(reported), crawl=crawl,
                   kinds={k: sum(1 for e in new if e["kind"] == k) for k in {e["kind"] for e in new}})
        latest = [_event_dict(e) for e in session.exec(
            select(WatchEvent).order_by(WatchEvent.id.desc()).limit(FEED_EVENTS))] if feed else []
        alerts = sorted(seen.alerts, key=lambda a: (-a["rank"], a["title"]))
        return new, reported, latest, alerts

    new, reported, latest, alerts = write_transaction(engine, observe, lock="watch")
    engine.dispose()
    reported = _ranked(reported)
    if feed:
        write_feed(feed, latest)
    if fmt == WatchFormat.json:
        typer.echo(events_json({"events": reported, "alerts": alerts, "crawl": crawl}))
    elif fmt == WatchFormat.md:
        typer.echo(render("watch.v1.md.j2", events=reported, alerts=alerts, as_of=day.isoformat(),
                          crawl=crawl), nl=False)
    else:
        _table(reported, alerts)
    if notify_cmd and reported:
        _notify(notify_cmd, events_json(reported))
    if reported:
        raise typer.Exit(code=NEW)


RUN_COLUMNS = ["id", "kind", "started", "finished", "status", "summary"]


def _summary(run: Run) -> str:
    s = run.stats or {}
    if run.kind == "watch":
        return f"{s.get('events', 0)} new event(s)" + (f", failing: {', '.join(s['crawl']['failed_sources'])}"
                                                       if (s.get("crawl") or {}).get("failed_sources") else "")
    if run.kind == "crawl":
        docs = s.get("sources") or {}
        new = sum(v.get("new", 0) for v in docs.values())
        changed = sum(v.get("changed", 0) for v in docs.values())
        failed = s.get("failed_sources") or []
        return f"{len(docs)} source(s), {new} new, {changed} changed" + (
            f", failed: {', '.join(failed)}" if failed else "")
    return ", ".join(f"{k}={v}" for k, v in s.items() if not isinstance(v, (dict, list)))[:120]


def runs(kind: Annotated[str | None, typer.Option(help="crawl, extract, watch or demo.")] = None,
         limit: Annotated[int, typer.Option(help="Newest runs to show.", min=1)] = 20,
         db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List recorded runs (crawl, extract, watch), newest first.

    Example: frt runs --kind watch --format json
    """
    engine = make_engine(db, create=False)
    with session_scope(engine) as session:
        query = select(Run).order_by(Run.id.desc()).limit(limit)
        if kind:
            query = query.where(Run.kind == kind)
        rows = [{"id": r.id, "kind": r.kind, "started": r.started_at.isoformat(timespec="seconds"),
                 "finished": r.finished_at.isoformat(timespec="seconds") if r.finished_at else None,
                 "status": r.status, "summary": _summary(r), "stats": r.stats}
                for r in session.exec(query)]
    engine.dispose()
    emit(rows, RUN_COLUMNS, fmt, title="Runs")


def register(app: typer.Typer) -> None:
    """Add ``watch`` and ``runs`` (called from cli.py)."""
    app.command("watch")(user_errors(watch))
    app.command("runs")(user_errors(runs))

