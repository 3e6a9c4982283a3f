"""`frt search TEXT`: full-text search over the stored documents, ranked, with snippets."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

from commands.common import (DbOption, FormatOption, OutputFormat, console, emit, err_console, fail,
                             user_errors)
from kb.database import make_engine, session_scope
from kb.errors import KBError
from kb.migrations import upgrade
from kb.search import RANK_CAP, Results, search_results

COLUMNS = ["score", "title", "source", "date", "version", "snippet", "url"]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise fail(escape(f"--since must be YYYY-MM-DD, got {value!r}")) from None


def highlighted(snippet: str, spans: list[list[int]]) -> Text:
    """The snippet as Rich text with its hits in bold (plain Text: no markup is read)."""
    out = Text(snippet)
    for start, end in spans:
        out.stylize("bold reverse", start, end)
    return out


def bounded_note(results: Results) -> str:
    """What a bounded ranking left out, in one line (empty when every match was ranked)."""
    if not results.bounded:
        return ""
    return (f"{results.matched:,} stored versions match; the {results.ranked:,} most recently stored "
            "were ranked. Add words, --source or --since to narrow, or --rank-all to rank them all.")


def _table(rows: list[dict[str, Any]], query: str, note: str) -> None:
    plural = "s" if len(rows) != 1 else ""
    table = Table(title=Text(f"Search: {query} ({len(rows)} result{plural})"), show_lines=True,
                  caption=Text(note) if note else None)
    for col, kwargs in (("#", {"justify": "right"}), ("document", {"ratio": 2}),
                        ("source", {}), ("date", {"no_wrap": True}), ("snippet", {"ratio": 3})):
        table.add_column(col, overflow="fold", **kwargs)
    for i, row in enumerate(rows, 1):
        doc = Text(row["title"] or "(untitled)", style="bold")
        doc.append(f"\n{row['url']}", style="dim")
        if not row["current"]:
            doc.append(f"\nversion {row['version']} (not current)", style="yellow")
        table.add_row(str(i), doc, Text(row["source"]), row["date"] or "",
                      highlighted(row["snippet"], row["highlights"]))
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("search")
    @user_errors
    def search(text: Annotated[str, typer.Argument(
                   help='Words (all must occur), "a quoted phrase", OR between two terms, '
                        "-word to exclude.")],
               source: Annotated[str | None, typer.Option(
                   "--source", help="Only documents of this source id (see `frt sources list`).")]
               = None,
               since: Annotated[str | None, typer.Option(
                   "--since", help="Only documents published (else fetched) on or after this day "
                                   "(YYYY-MM-DD).", show_default=False)] = None,
               limit: Annotated[int, typer.Option("--limit", "-n",
                                                  help="At most this many results.")] = 20,
               all_versions: Annotated[bool, typer.Option(
                   "--all-versions", help="Search every stored version, not only the current one.")]
               = False,
               rank_all: Annotated[bool, typer.Option(
                   "--rank-all", help="Rank every match by relevance. Without it, a query "
                                      "without --source or --since that matches more than "
                                      f"{RANK_CAP:,} versions ranks the {RANK_CAP:,} most "
                                      "recently stored.")]
               = False,
               db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """Search the documents' text, best matches first.

        Full-text search over the current version of every stored document (SQLite FTS5
        or PostgreSQL full text), ranked, with a snippet around the hits, the title,
        source, date and URL. The index follows the store: a changed document is found
        by its new words at once. A very broad query ranks only the most recently stored
        matches and says so (--rank-all ranks every match).

        Example: frt search moratorium --source amazon_policy_news --since 2020-01-01
        """
        since_day = _day(since)
        engine = make_engine(db, create=False)
        try:
            upgrade(engine)  # a knowledge base from before the search index gets it (no-op after)
        except SQLAlchemyError as exc:
            reason = (str(getattr(exc, "orig", None) or exc).splitlines() or ["?"])[0]
            raise fail(escape(f"cannot add the search index: {reason}")) from None
        try:
            with session_scope(engine) as s:
                results = search_results(s, text, source=source, since=since_day, limit=limit,
                                         all_versions=all_versions,
                                         rank_cap=None if rank_all else RANK_CAP)
        except KBError as exc:  # the message quotes the user's query: shown literally
            raise fail(escape(str(exc))) from None
        rows, note = results.rows, bounded_note(results)
        if fmt == OutputFormat.table:
            if not rows:
                console.print(Text(f"no document matches {text!r}"))
                return
            _table(rows, text, note)
            return
        if note:  # JSON and CSV stay machine-readable on stdout; the note goes to stderr
            err_console.print(Text("note: " + note))
        emit(rows, COLUMNS, fmt)
