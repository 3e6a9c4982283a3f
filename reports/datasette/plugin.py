"""Datasette plugin for `frt serve`: quotes link to their sources; errors log one line.

Every quote (and an edge's evidence) is a link to its source document: in a canned query the
row's own ``url`` column gives it, in the commitment, finding and edge tables the row's
``document_id`` is looked up in the document table. The quote is escaped, so a quote holding
markup shows as text.
"""

from __future__ import annotations

import sys

from datasette import hookimpl
from markupsafe import Markup, escape

QUOTE_COLUMNS = {"quote", "evidence"}
TABLES_WITH_DOCUMENT = {"commitment", "finding", "edge"}


def _field(row, name: str):
    """A row's value by column name (None when the row has no such column); an expanded
    foreign key ({"value", "label"}) gives its value."""
    try:
        value = row[name]
    except (KeyError, IndexError, TypeError):
        return None
    return value.get("value") if isinstance(value, dict) else value


def quote_link(quote: str, url: str) -> Markup:
    """The quote as a link to ``url`` (http(s) only; anything else stays plain text)."""
    if not url.startswith(("http://", "https://")):
        return Markup(escape(quote))
    return Markup('<a class="frt-quote" href="{}" title="Open the source">{}</a>').format(url, quote)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column not in QUOTE_COLUMNS or not isinstance(value, str) or not value:
        return None
    url = _field(row, "url")
    if isinstance(url, str) and url:
        return quote_link(value, url)
    document_id = _field(row, "document_id")
    if table not in TABLES_WITH_DOCUMENT or document_id is None:
        return None

    async def linked():
        result = await datasette.get_database(database).execute(
            "select url from document where id = ?", [document_id])
        found = result.first()
        return quote_link(value, found[0]) if found and found[0] else None

    return linked


@hookimpl
def handle_exception(datasette, request, exception):
    """Log a server error as one line on stderr; Datasette's default handler still renders
    the error page (a user's invalid SQL is a 400 and not logged)."""
    status = getattr(exception, "status", 500)
    if not isinstance(status, int) or status >= 500:
        print(f"error: {request.method} {request.path}: {type(exception).__name__}: {exception}",
              file=sys.stderr, flush=True)
    return None
