"""`frt entity NAME` (what the knowledge base knows about one entity) and `frt entities`."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from commands.common import DbOption, FormatOption, OutputFormat, console, emit, fail, user_errors
from kb.database import make_engine, session_scope
from kb.errors import KBError
from kb.profile import CO_MENTION_DOCUMENTS, list_entities, profile

TypeOption = Annotated[str | None, typer.Option(
    "--type", "-t", help="Entity type: VENDOR, AGENCY, LEGISLATURE, JURISDICTION, PRODUCT, PERSON, "
                         "LAW, STUDY, DATASET.", show_default=False)]


class ProfileFormat(StrEnum):
    table = "table"
    json = "json"


def _as_of(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise fail(f"--as-of must be YYYY-MM-DD, got {escape(repr(value))}") from None


def _cell(value: Any) -> Text:
    """A table cell shown as written: names and quotes come from crawled text, so no Rich
    markup in them is ever read."""
    return Text("" if value is None else str(value))


def _value(value: Any, unit: str | None) -> str:
    if value is None:
        return ""
    return f"{value:g}{unit or ''}" if isinstance(value, float) else f"{value}{unit or ''}"


def _section(title: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table = Table(title=Text(title), title_justify="left", show_lines=False)
    for col in columns:
        table.add_column(col.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console.print(table)


def _show(p: dict[str, Any]) -> None:
    head = Text(p["name"], style="bold")
    head.append(f"  {p['type']}", style="cyan")
    head.append(f"  {p['mentions']} mentions in {p['n_documents']} documents", style="dim")
    console.print(head)
    for label, values in (("aliases", p["aliases"]), ("parent", p["parent"]),
                          ("subsidiaries", p["subsidiaries"]), ("products", p["products"]),
                          ("made by", p["maker"]), ("people", p["people"]),
                          ("works for", p["works_for"]), ("customers", p["customers"]),
                          ("suppliers", p["suppliers"])):
        if values:
            line = Text(f"{label}: ", style="bold")
            line.append(", ".join(values))
            console.print(line)
    if not (p["commitments"] or p["findings"] or p["laws"] or p["documents"] or p["neighbours"]):
        console.print(Text("nothing else is recorded about it yet"))
    _section("Commitments and measures", ["role", "actor", "action", "scope", "product", "start",
                                          "end", "status", "url"], p["commitments"])
    _section("Findings", ["role", "study", "system", "metric", "value", "group", "vs", "url"],
             [{**f, "value": _value(f.get("value"), f.get("unit")), "vs": f.get("comparison_group")}
              for f in p["findings"]])
    more_laws = f" (newest {len(p['laws'])} of {p['n_laws']})" if len(p["laws"]) < p["n_laws"] else ""
    _section(f"Laws{more_laws}", ["identifier", "jurisdiction", "stage", "why", "url"], p["laws"])
    shown = len(p["documents"])
    more = f" (newest {shown} of {p['n_documents']})" if shown < p["n_documents"] else ""
    _section(f"Documents that mention it{more}", ["date", "title", "source", "mentions", "url"],
             p["documents"])
    _section("Graph neighbours", ["relation", "qualifier", "direction", "entity", "entity_type",
                                  "evidence"], p["neighbours"])
    window = CO_MENTION_DOCUMENTS
    latest = f" (in its latest {window:,} documents)" if p["n_documents"] > window else ""
    _section(f"Mentioned in the same documents as{latest}", ["entity", "entity_type", "documents"],
             p["mentioned_with"])


def register(app: typer.Typer) -> None:
    @app.command("entity")
    @user_errors
    def entity(name: Annotated[str, typer.Argument(help="Name or alias (case-insensitive).")],
               type_: TypeOption = None,
               as_of: Annotated[str | None, typer.Option(
                   "--as-of", help="Judge status on this day (YYYY-MM-DD; default today).",
                   show_default=False)] = None,
               documents: Annotated[int, typer.Option(
                   "--documents", help="List at most this many mentioning documents.")] = 20,
               db: DbOption = None,
               fmt: Annotated[ProfileFormat, typer.Option("--format", "-f", help="table or json.")]
               = ProfileFormat.table) -> None:
        """Show what the knowledge base knows about one entity.

        Type, aliases, parent, subsidiaries and products; its commitments and measures
        with status; findings about it or its products; laws of its jurisdiction or that
        mention it; the documents that mention it and its graph neighbours. A misspelt
        name gets the closest names as suggestions.

        Example: frt entity "Clearview AI" --format json
        """
        when = _as_of(as_of)
        try:
            with session_scope(make_engine(db, create=False)) as s:
                p = profile(s, name, type_=type_, as_of=when, documents=max(documents, 0))
        except KBError as exc:  # names come from the user and the KB: shown literally
            raise fail(escape(str(exc))) from None
        if fmt == ProfileFormat.json:
            typer.echo(json.dumps(p, indent=2, ensure_ascii=False, default=str))
            return
        _show(p)

    @app.command("entities")
    @user_errors
    def entities(query: Annotated[str | None, typer.Argument(
                     help="Name or alias contains this (closest names when none does).")] = None,
                 type_: TypeOption = None,
                 limit: Annotated[int, typer.Option("--limit", "-n",
                                                    help="At most this many rows.")] = 50,
                 db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
        """List entities with their type, mentions and facts.

        Most mentioned first; facts counts its commitments and measures and the findings
        about it. A query keeps names or aliases that contain it.

        Example: frt entities clear --type VENDOR
        """
        try:
            with session_scope(make_engine(db, create=False)) as s:
                rows = list_entities(s, query, type_, limit)
        except KBError as exc:
            raise fail(escape(str(exc))) from None
        if fmt == OutputFormat.table:
            _section("Entities", ["name", "type", "mentions", "facts", "aliases"],
                     [{**r, "aliases": ", ".join(r["aliases"])} for r in rows])
            if not rows:
                console.print(Text("no entity matches" + (f" {query!r}" if query else "")))
            return
        if fmt == OutputFormat.csv:
            rows = [{**r, "aliases": "; ".join(r["aliases"])} for r in rows]
        emit(rows, ["name", "type", "mentions", "facts", "aliases"], fmt)
