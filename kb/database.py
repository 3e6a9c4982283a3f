"""Engine and session setup: any SQLAlchemy URL, a SQLite file in the user data dir by default.

``--db`` / ``FRT_DB`` take a SQLAlchemy URL (``postgresql+psycopg://host/db``) or a plain path,
which means a SQLite file. SQLite runs in WAL mode with foreign keys on and a busy timeout, so
a crawl and an extraction can share one file. Several processes writing at once use
``kb.retry.write_transaction`` (re-run on a lost race) and ``kb.lease`` (one watch per source).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from kb import lease, models  # noqa: F401  (register the tables on SQLModel.metadata)
from kb.errors import KBError


MIGRATION_LOCK = 0x667274  # "frt": the PostgreSQL advisory lock migrations take


def default_db_path() -> Path:
    """The default knowledge base: ``<user data dir>/frt/frt.db`` (see ``frt db info``)."""
    return Path(user_data_dir("frt", appauthor=False)) / "frt.db"


def resolve_url(db: str | None = None) -> str:
    """Turn ``--db`` (a URL or a path), else ``FRT_DB``, else the default file, into a URL."""
    value = db or os.environ.get("FRT_DB") or str(default_db_path())
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL may wait for a writer
    _ensure_wal(cur)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _ensure_wal(cur, deadline_s: float = 30.0) -> None:
    """Switch the file to WAL, which persists, so only the first opener of a new file switches.

    SQLite answers "database is locked" to a journal-mode change at once, without its busy
    handler, when another process is opening or switching the same new file; two workers
    starting together on a KB neither has created hit that. Retry until the deadline.
    """
    waited, pause = 0.0, 0.01
    while True:
        try:
            if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or waited >= deadline_s:
                raise
        time.sleep(pause)
        waited += pause
        pause = min(pause * 2, 0.5)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def make_engine(db: str | None = None, *, create: bool = True) -> Engine:
    """Open (and by default create and migrate) the knowledge base.

    Args:
        db: SQLAlchemy URL or SQLite path; None means ``FRT_DB`` or the default file.
        create: create the file, its directory and the tables when missing.

    Raises:
        KBError: one line saying what is wrong (unwritable path, not a database, no server).
    """
    try:
        url = make_url(resolve_url(db))
    except ArgumentError as exc:
        raise KBError(f"not a database URL: {db!r}") from exc
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        if not path.exists() and not create:
            raise KBError(f"no knowledge base at {path} (run `frt demo` or `frt crawl` first)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KBError(f"cannot create {path.parent}: {exc.strerror}") from exc
        if path.exists() and path.is_dir():
            raise KBError(f"{path} is a directory, not a database file")
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise KBError(f"cannot write the knowledge base at {path}: permission denied")
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise KBError(f"cannot open {shown}: {_first_line(exc)}") from exc
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect() as conn:
            existing = set(inspect(conn).get_table_names())
        if create:
            _migrate(engine, existing)
    except SQLAlchemyError as exc:
        raise KBError(f"cannot open {shown}: {_first_line(exc)}") from exc
    return engine


def _migrate(engine: Engine, existing: set[str], attempts: int = 6) -> None:
    """Bring the schema to head, when several processes open a new knowledge base at once
    too: on PostgreSQL they take turns (an advisory lock); on SQLite the one that loses the
    race ("table ... already exists") waits and finds the schema at head."""
    from kb.migrations import upgrade
    from kb.retry import backoff

    for attempt in range(attempts):
        try:
            if engine.dialect.name != "postgresql":
                return upgrade(engine, existing)
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
                try:
                    return upgrade(engine, existing)
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                    conn.commit()
        except SQLAlchemyError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 + backoff(attempt))


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error (nothing half-written)."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def create_all(engine: Engine) -> None:
    """Create every table of the current models (used by migrations' baseline)."""
    SQLModel.metadata.create_all(engine)
