"""`frt db ...`: where the knowledge base lives and what it holds."""

from __future__ import annotations

import typer
from sqlalchemy import func
from sqlalchemy.engine import make_url
from sqlmodel import select

from commands.common import DbOption, FormatOption, OutputFormat, console, emit, user_errors
from kb import models
from kb.check import check as check_kb
from kb.database import make_engine, resolve_url, session_scope

app = typer.Typer(help="Where the knowledge base lives and what it holds.", no_args_is_help=True)

TABLES = [models.Source, models.Document, models.DocumentVersion, models.Entity, models.Alias,
          models.Mention, models.Commitment, models.Finding, models.Edge, models.Judgement,
          models.Run]


def table_counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {m.__tablename__: s.exec(select(func.count()).select_from(m)).one() for m in TABLES}


@app.command("info")
@user_errors
def info(db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Show the knowledge base URL and the rows in each table.

    Example: frt db info --db ~/frt/team.db
    """
    engine = make_engine(db)
    counts = table_counts(engine)
    url = engine.url.render_as_string(hide_password=True)
    rows = [{"table": t, "rows": n} for t, n in counts.items()]
    if fmt == OutputFormat.table:
        typer.echo(f"knowledge base: {url}")
    emit(rows if fmt != OutputFormat.json else [{"url": url, "tables": counts}],
         ["table", "rows"], fmt)


@app.command("path")
def path(db: DbOption = None) -> None:
    """Print the knowledge base URL, without opening it.

    Example: frt db path
    """
    typer.echo(make_url(resolve_url(db)).render_as_string(hide_password=True))


@app.command("check")
@user_errors
def check(db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Check the knowledge base for damage a crash could leave.

    Looks for orphans (versions without their document; mentions, commitments, findings
    and edges pointing at missing documents, versions or entities; facts without reports),
    spans outside their document version's text or quotes that differ from it, documents
    without exactly one current version, and a schema behind the code's migration head.
    Prints the rows per source, then one line per kind of problem (count and examples).
    Exit code 0 when clean, 1 when a problem was found. Nothing is written.

    Example: frt db check --db ~/frt/team.db
    """
    engine = make_engine(db, create=False)
    try:
        report = check_kb(engine)
    finally:
        engine.dispose()
    if fmt == OutputFormat.json:
        emit(report.to_dict(), [], fmt)
    else:
        emit(report.sources, ["source", "documents", "versions", "mentions", "commitments",
                              "findings"], fmt)
        if fmt == OutputFormat.table:
            console.print(f"schema: {report.revision or 'none'} (code: {report.head})",
                          highlight=False)
            for problem in report.problems:
                console.print(f"[bold red]problem:[/] {problem.line()}", highlight=False,
                              soft_wrap=True)
            if report.ok:
                console.print("ok: no problems found", highlight=False)
        else:
            for problem in report.problems:
                typer.echo(f"problem: {problem.line()}", err=True)
    if not report.ok:
        raise typer.Exit(code=1)
