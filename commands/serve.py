"""`frt serve`: browse the knowledge base read-only in Datasette."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from commands.common import DbOption, console, fail, user_errors
from kb.database import resolve_url

# Tables the metadata's canned queries read: a file without them is not a (current) KB.
NEEDED_TABLES = {"source", "document", "commitment", "finding", "fact"}


def sqlite_path(db: str | None) -> Path:
    """The knowledge base's SQLite file, checked to be one that Datasette can show.

    Raises:
        typer.Exit: (after one line on stderr) for a PostgreSQL or other non-SQLite URL, a
            missing file, or a file that is not an frt knowledge base.
    """
    try:
        url = make_url(resolve_url(db))
    except ArgumentError:
        raise fail(f"not a database URL: {db!r}") from None
    backend = url.get_backend_name()
    if backend != "sqlite":
        name = "PostgreSQL" if backend == "postgresql" else backend
        raise fail(f"frt serve browses SQLite knowledge bases only; "
                   f"{url.render_as_string(hide_password=True)} is {name}")
    if url.database in (None, "", ":memory:"):
        raise fail("frt serve needs a SQLite file, not an in-memory database")
    path = Path(url.database)
    if not path.is_file():
        raise fail(f"no knowledge base at {path} (run `frt demo` or `frt crawl` first)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise fail(f"{path} is not a SQLite database ({exc})") from None
    missing = NEEDED_TABLES - tables
    if missing:
        raise fail(f"{path} is not an frt knowledge base or was made by an older frt (no "
                   f"{', '.join(sorted(missing))} table; any frt command that writes upgrades it)")
    return path


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: any free port)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def register(app: typer.Typer) -> None:
    @app.command("serve")
    @user_errors
    def serve(port: Annotated[int, typer.Option(
                  "--port", "-p", min=0, max=65535,
                  help="Port to listen on (0: any free port).")] = 8001,
              host: Annotated[str, typer.Option(
                  "--host", help="Address to listen on; keep 127.0.0.1 unless others "
                                 "should reach it.")] = "127.0.0.1",
              db: DbOption = None) -> None:
        """Browse the knowledge base read-only in Datasette.

        Serves the SQLite knowledge base read-only (SQLite mode=ro: nothing can write to
        it through the browser) with titles, descriptions, facets and canned queries (in
        force now, expiring within 90 days, findings by vendor, documents by source);
        every quote links to its source URL. PostgreSQL knowledge bases are not served.
        Ctrl-C stops it.

        Example: frt serve --port 8001
        """
        import uvicorn

        from reports.datasette.app import build

        path = sqlite_path(db)
        sock = listen(host, port)
        bound_host, bound_port = sock.getsockname()[:2]
        shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
        ds = build(path)
        console.print(f"Serving {path} read-only at http://{shown_host}:{bound_port}/ "
                      "(Ctrl-C to stop)", highlight=False, soft_wrap=True)
        server = uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning", access_log=False,
                                               lifespan="on"))
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:
            pass
        finally:
            sock.close()
        console.print("stopped", highlight=False)
