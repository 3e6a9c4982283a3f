"""Shared pieces of the CLI: consoles, the --db and --format options, error handling, output."""

from __future__ import annotations

import csv
import functools
import io
import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kb.errors import KBError

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Knowledge base: SQLAlchemy URL or SQLite path (default: $FRT_DB, else the "
                 "file shown by `frt db info`).", show_default=False)]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=code)


def user_errors(func):
    """Turn the library's domain errors into one line on stderr and exit code 1."""
    from crawler.registry import SourceError

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (KBError, SourceError) as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None

    return wrapper


def emit(rows: list[dict[str, Any]], columns: list[str], fmt: OutputFormat, title: str = "") -> None:
    """Print rows as a Rich table (only ``columns``), JSON (every field) or CSV (``columns``)."""
    if fmt == OutputFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif fmt == OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        table = Table(title=title or None)
        for col in columns:
            table.add_column(col.replace("_", " "), overflow="fold")
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
        console.print(table)
