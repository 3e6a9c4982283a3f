"""`frt db ...`: where the knowledge base lives and what it holds."""

from __future__ import annotations

import typer
from sqlalchemy import func
from sqlalchemy.engine import make_url
from sqlmodel import select

from commands.common import DbOption, FormatOption, OutputFormat, emit, user_errors
from kb import models
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
