"""Write transactions that several processes can run at once on one knowledge base.

``write_transaction(engine, work)`` runs ``work(session)`` in one transaction and, when it
loses a race with another process, rolls back and runs it again with a bounded, jittered
backoff: SQLite's "database is locked", PostgreSQL serialization failures and deadlocks, and
a unique key another process inserted first (the re-run reads that row and updates it
instead). ``work`` must therefore be re-runnable: it reads what it needs inside the
transaction and keeps no state from a failed attempt.

With ``lock``, the transaction first takes a named write lock: a transaction-scoped
PostgreSQL advisory lock on that name, or SQLite's database write lock (``BEGIN
IMMEDIATE``). Everything ``work`` reads is then current until it commits, so two processes
doing the same read-modify-write (the facts of one document, the fact table) take turns.
"""

from __future__ import annotations

import logging
import random
import time
import zlib
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session

logger = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 8
"""Tries before the error is raised (about 10 s of backoff in all at most)."""
BASE_DELAY_S, MAX_DELAY_S = 0.05, 3.0
RETRY_SQLSTATES = {"40001", "40P01", "23505"}
"""PostgreSQL: serialization failure, deadlock detected, unique violation."""
SQLITE_TRANSIENT = ("database is locked", "database is busy", "database table is locked",
                    "unique constraint failed")


def is_transient(exc: BaseException) -> bool:
    """True for an error that a re-run of the same transaction can get past."""
    if not isinstance(exc, (OperationalError, IntegrityError, DBAPIError)):
        return False
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    return any(marker in str(orig or exc).lower() for marker in SQLITE_TRANSIENT)


def backoff(attempt: int) -> float:
    """Seconds to wait before try ``attempt + 1``: exponential, capped, with full jitter."""
    return random.uniform(0, min(MAX_DELAY_S, BASE_DELAY_S * 2 ** attempt))


def take_lock(session: Session, name: str) -> None:
    """Hold the write lock ``name`` until the session's transaction ends (see module doc)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                     {"key": zlib.crc32(f"frt:{name}".encode())})
    elif conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")  # waits up to busy_timeout for other writers


def write_transaction(engine: Engine, work: Callable[[Session], T], *, lock: str | None = None,
                      attempts: int = ATTEMPTS) -> T:
    """Run ``work(session)`` in one transaction, re-run on a transient conflict (module doc).

    Raises the last error when every attempt failed, or at once for any other error; nothing
    of a failed attempt is kept.
    """
    for attempt in range(attempts):
        session = Session(engine, expire_on_commit=False)
        try:
            if lock:
                take_lock(session, lock)
            result = work(session)
            session.commit()
            return result
        except Exception as exc:
            session.rollback()
            if not is_transient(exc) or attempt == attempts - 1:
                raise
            delay = backoff(attempt)
            logger.info("write conflict (%s); retrying in %.2f s",
                        str(getattr(exc, "orig", exc)).splitlines()[0], delay)
            time.sleep(delay)
        finally:
            session.close()
    raise AssertionError("unreachable")  # pragma: no cover
