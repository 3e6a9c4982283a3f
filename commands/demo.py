"""`frt demo`: the whole pipeline on the bundled demo web, with a Rich summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from sqlalchemy.engine import make_url

from commands.common import DbOption, console, err_console, user_errors
from kb import queries
from kb.judgements import fact_judgements
from kb.database import make_engine, session_scope


def _crawl_progress(progress: Progress):
    tasks: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}

    def on_event(event: str, source_id: str, info: dict) -> None:
        if source_id not in tasks:
            tasks[source_id] = progress.add_task(f"crawl {source_id}", total=None)
            counts[source_id] = {"pages": 0, "items": 0, "errors": 0}
        c = counts[source_id]
        key = {"page": "pages", "item": "items", "error": "errors"}.get(event)
        if key:
            c[key] += 1
        done = event == "source_done"
        progress.update(tasks[source_id], total=c["pages"] if done else None,
                        completed=c["pages"],
                        description=f"crawl {source_id}: {c['items']} docs, {c['errors']} errors")
    return on_event


def _summary(db_url: str, files: list[Path]) -> None:
    engine = make_engine(db_url, create=False)
    with session_scope(engine) as s:
        per_source = queries.documents_per_source(s)
        per_type = queries.entities_per_type(s)
        commitments = queries.group_commitments(queries.commitments(s), fact_judgements(s))
        findings = queries.findings(s)
    engine.dispose()
    t = Table(title="Documents per source")
    for col in ("source", "kind", "documents"):
        t.add_column(col)
    for r in per_source:
        t.add_row(r["source"], r["kind"], str(r["documents"]))
    console.print(t)
    t = Table(title="Entities per type")
    t.add_column("type")
    t.add_column("entities", justify="right")
    for type_, n in per_type.items():
        t.add_row(type_, str(n))
    console.print(t)
    t = Table(title="Commitments")
    for col in ("actor", "action", "scope", "start", "end", "status", "reports"):
        t.add_column(col, justify="right" if col == "reports" else "left")
    for c in commitments:
        t.add_row(c["actor"] or "?", c["action"], c["scope"] or "", c["start"] or c["announced"] or "",
                  c["end"] or (c["duration"] or ""), c["status"], str(len(c["reports"])))
    console.print(t)
    t = Table(title="Findings")
    for col in ("study", "system", "metric", "value", "group", "comparison"):
        t.add_column(col, overflow="fold")
    for f in findings:
        comp = f["comparison_group"] or ""
        if f["comparison_value"] is not None:
            comp += f" ({f['comparison_value']}{f['unit'] or ''})"
        t.add_row(f["study"] or "", f["system"] or f["vendor"] or "", f["metric"] or "",
                  f"{f['value']}{f['unit'] or ''}", f["group"] or "", comp)
    console.print(t)
    shown = make_url(db_url).render_as_string(hide_password=True)
    console.print(f"[bold]Knowledge base:[/] {shown}", highlight=False)
    for path in files:
        console.print(f"[bold]Wrote[/] {path}")


def register(app: typer.Typer) -> None:
    @app.command("demo")
    @user_errors
    def demo(out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the reports "
                                               "(and the fresh demo knowledge base).")]
             = Path("frt-demo"),
             db: DbOption = None) -> None:
        """Crawl, extract and report on the bundled demo web.

        Serves the demo sites on 127.0.0.1, crawls them with the real spiders, extracts
        entities, commitments and findings, stores them in a fresh knowledge base (unless
        --db is given) and writes a briefing and a timeline.

        Example: frt demo --out ./demo-out
        """
        from commands.demo_run import run_demo

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      MofNCompleteColumn(), console=console, transient=False) as progress:
            on_event = _crawl_progress(progress)
            extract_task = None

            def on_extract(done: int, total: int) -> None:
                nonlocal extract_task
                if extract_task is None:
                    extract_task = progress.add_task("extract", total=total)
                progress.update(extract_task, completed=done, total=total)

            result = run_demo(out, db, on_crawl_event=on_event, on_extract_progress=on_extract)
        _summary(result.db_url, result.files)
        failed = result.crawl.failed_sources
        if failed:
            for sid in failed:
                reasons = result.crawl.sources[sid].errors or [result.crawl.sources[sid].finish_reason]
                err_console.print(f"[bold red]error:[/] demo source {sid} failed: {reasons[0]}",
                                  highlight=False, soft_wrap=True)
            raise typer.Exit(code=1)
