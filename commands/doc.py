"""`frt doc show|diff`: a stored document's metadata, versions and changes."""

from __future__ import annotations

import difflib
from typing import Annotated

import typer
from rich.syntax import Syntax
from rich.table import Table

from commands.common import DbOption, console, fail, user_errors
from kb.database import make_engine, session_scope
from kb.models import Document
from kb.queries import document_versions

app = typer.Typer(help="Look at stored documents and how they changed.", no_args_is_help=True)


def _load(db: str | None, doc_id: int):
    engine = make_engine(db, create=False)
    with session_scope(engine) as session:
        doc = session.get(Document, doc_id)
        versions = document_versions(session, doc_id) if doc else []
    engine.dispose()
    if doc is None:
        raise fail(f"no document with id {doc_id}")
    return doc, versions


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    """A unified diff of two texts, line by line (PDF page breaks become lines)."""
    lines = difflib.unified_diff(old.replace("\f", "\n").splitlines(),
                                 new.replace("\f", "\n").splitlines(),
                                 fromfile=old_name, tofile=new_name, lineterm="")
    return "\n".join(lines)


@app.command("show")
@user_errors
def show(doc_id: Annotated[int, typer.Argument(help="Document id.")], db: DbOption = None) -> None:
    """Show a document's metadata and its versions.

    Example: frt doc show 12
    """
    doc, versions = _load(db, doc_id)
    meta = Table(show_header=False, title=f"Document {doc.id}")
    for name in ("source_id", "key", "title", "kind", "url", "canonical_url", "content_type",
                 "published", "modified", "first_seen", "last_fetched", "etag", "content_hash"):
        value = getattr(doc, name)
        meta.add_row(name, "" if value is None else str(value))
    meta.add_row("authors", ", ".join(doc.authors or []))
    for key, value in (doc.meta or {}).items():
        meta.add_row(f"meta.{key}", str(value))
    console.print(meta)
    table = Table(title="Versions")
    for col in ("version", "fetched", "characters", "pages", "content hash"):
        table.add_column(col)
    for v in versions:
        table.add_row(str(v.version_no), str(v.fetched_at), str(len(v.text)),
                      str(len(v.pages)) if v.pages else "", v.content_hash[:12])
    console.print(table)


@app.command("diff")
@user_errors
def diff(doc_id: Annotated[int, typer.Argument(help="Document id.")],
         from_version: Annotated[int | None, typer.Option(
             "--from", help="Older version number (default: the one before --to).")] = None,
         to_version: Annotated[int | None, typer.Option(
             "--to", help="Newer version number (default: the latest).")] = None,
         db: DbOption = None) -> None:
    """Show what changed between two versions of a document.

    Example: frt doc diff 12 --from 1 --to 2
    """
    doc, versions = _load(db, doc_id)
    by_no = {v.version_no: v for v in versions}
    to_no = to_version or max(by_no)
    from_no = from_version or to_no - 1
    missing = [n for n in (from_no, to_no) if n not in by_no]
    if missing:
        raise fail(f"document {doc_id} has versions {sorted(by_no)}; no version {missing[0]}")
    text = unified_diff(by_no[from_no].text, by_no[to_no].text, f"{doc.key} v{from_no}",
                        f"{doc.key} v{to_no}")
    if not text:
        console.print(f"versions {from_no} and {to_no} of document {doc_id} have the same text")
        return
    console.print(Syntax(text, "diff", theme="ansi_dark", word_wrap=True))


def register(app_: typer.Typer) -> None:
    """Add the ``doc`` sub-app to the main app (called from cli.py)."""
    app_.add_typer(app, name="doc")
