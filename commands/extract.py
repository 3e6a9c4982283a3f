"""``frt extract``: run the NLP extractor on text files (no knowledge base needed)."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from commands.common import DbOption, user_errors
from pipelines.textdecode import UndecodableText, decode_text

MAX_BYTES = 20 * 1024 * 1024  # larger inputs are refused: chunked extraction would take minutes
out_console = Console()
err_console = Console(stderr=True)


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


class InputError(Exception):
    """Raised by :func:`read_text` for a file that cannot be extracted (one line message)."""


def read_text(path: Path) -> str:
    """Read a text file in any common encoding (BOM, UTF-8, else detected: cp1252, Latin-1,
    UTF-16 ...), refusing binary and oversized input.

    Raises:
        InputError: with a one-line reason.
    """
    try:
        if path.is_dir():
            raise InputError("is a directory")
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"larger than {MAX_BYTES // 1024 // 1024} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    try:
        return decode_text(data)[0]
    except UndecodableText as exc:
        raise InputError(str(exc)) from None


def _tables(result: dict) -> None:
    out_console.rule(f"[bold]{result['path']}[/] ({result['document_date'] or 'no date'})")
    specs = [
        ("Entities", "entities", ["text", "label", "canonical", "start", "end"]),
        ("Commitments", "commitments", ["actor", "action", "scope", "product", "start", "end", "duration", "condition"]),
        ("Findings", "findings", ["study", "system", "metric", "value", "unit", "group", "comparison_group", "comparison_value"]),
    ]
    if not any(result[key] for _, key, _ in specs):
        out_console.print("nothing found")
    for title, key, columns in specs:
        if not result[key]:
            continue
        table = Table(title=f"{title} ({len(result[key])})", show_lines=False)
        for column in columns:
            table.add_column(column)
        for row in result[key]:
            table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
        out_console.print(table)


def _usage(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code=2)


def extract(
    files: Annotated[list[Path] | None, typer.Argument(help="Text files (UTF-8).", show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", help="Document date YYYY-MM-DD, used to "
                                             "resolve 'Wednesday', 'one-year', ...")] = None,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="json or table.")] = ExtractFormat.json,
    kind: Annotated[str | None, typer.Option("--kind", help="Document kind hint: bill, announcement, "
                                             "paper, report or record.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Jurisdiction/legislature of a bill "
                                              "or record (actor of its subjectless clauses).")] = None,
    all_documents: Annotated[bool, typer.Option("--all", help="Re-extract the knowledge base instead "
                                                "of files: only documents whose text or the "
                                                "extractor version changed.")] = False,
    force: Annotated[bool, typer.Option("--force", help="With --all: re-extract every document.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", min=1, show_default=False,
                                                help="Extraction processes for --all, and for a "
                                                "file long enough to stream (over 100,000 "
                                                "characters), whose pieces they share (default: "
                                                "$FRT_WORKERS, else the usable cores, at most 2; "
                                                "1: one process). Few documents use one process.")] = None,
    db: DbOption = None,
) -> None:
    """Extract commitments, findings, entities (files or --all).

    Prints a JSON list, one object per readable input: {path, document_date, entities,
    commitments, findings}. Unreadable files get one line on stderr and exit code 1.
    The model comes from FRT_SPACY_MODEL (auto | none | a spaCy package).

    Example: frt extract statement.txt article.txt --date 2020-06-10 --format json
    Bills: frt extract bill.txt --kind bill --actor "San Francisco"
    Knowledge base: frt extract --all [--force] [--workers N] [--db sqlite:///frt.db]
    """
    if all_documents:
        if files:
            _usage("give either FILE... or --all, not both")
        from commands.extract_all import extract_knowledge_base

        user_errors(extract_knowledge_base)(db, force=force, workers=workers)
        return
    if not files:
        _usage("give one or more FILEs, or --all to re-extract the knowledge base")
    if force:
        _usage("--force only applies to --all")
    try:
        document_date = dt.date.fromisoformat(date) if date else None
    except ValueError:
        err_console.print(f"[bold red]error:[/] --date must be YYYY-MM-DD, got {date!r}", highlight=False)
        raise typer.Exit(code=1) from None
    from pipelines.nlp.parallel import default_workers, check_workers  # here: spaCy is slow for --help

    try:
        n_workers = default_workers() if workers is None else check_workers(workers)
    except ValueError as exc:  # FRT_WORKERS is not a positive integer
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(code=1) from None
    hints = {"kind": kind, "actor": actor, "title": None} if kind or actor else None
    results, failed = [], False
    with _Extractors(n_workers) as extractors:
        for path in files:
            result, failed_one = _extract_file(extractors, path, document_date, hints)
            failed = failed or failed_one
            if result is not None:
                results.append(result)
    if fmt == ExtractFormat.json:
        typer.echo(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for result in results:
            _tables(result)
    if failed:
        raise typer.Exit(code=1)


class _Extractors:
    """The extractor for each file, made when first needed: this process's own for a text
    that fits one Doc, the worker processes (sharing its pieces) for a longer one."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._local = self._pool = None

    def extract(self, text: str, document_date, hints) -> dict:
        from pipelines.nlp import Extractor
        from pipelines.nlp.chunking import MAX_CHARS

        if len(text) > MAX_CHARS and self.workers > 1:
            if self._pool is None:
                from pipelines.nlp.parallel import ParallelExtractor

                self._pool = ParallelExtractor(self.workers)
            return self._pool.extract_long(text, document_date, hints)
        if self._local is None:
            self._local = Extractor()
        return self._local.extract(text, document_date, hints)

    def __enter__(self) -> _Extractors:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.close()


def _extract_file(extractors: _Extractors, path: Path, document_date, hints) -> tuple[dict | None, bool]:
    """(the file's result or None, whether it failed); a failure is reported on stderr."""
    try:
        result = extractors.extract(read_text(path), document_date, hints)
    except InputError as exc:
        err_console.print(f"[bold red]error:[/] {path}: {exc}", highlight=False, soft_wrap=True)
        return None, True
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        err_console.print(f"[bold red]error:[/] {path}: extraction failed: {type(exc).__name__}: {exc}",
                          highlight=False, soft_wrap=True)
        return None, True
    return {"path": str(path), **result}, False


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command to ``app`` (called from cli.py)."""
    app.command("extract")(extract)
