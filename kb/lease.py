"""Leases: a named claim one process holds at a time (two ``frt watch`` runs of one source
never overlap), on SQLite and PostgreSQL alike.

A lease is a row of ``lease`` (name, pid, host, since, until), taken and given back in short
transactions under ``kb.retry``'s write lock, so two processes asking at once get one
answer each. A held lease is honoured until it expires, or, on the holder's own host, until
its process is gone (a run killed with SIGKILL gives its leases up at once there).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

from kb.retry import write_transaction

TTL = timedelta(hours=12)
"""How long a lease lasts when its holder cannot be checked (another host): past it, a run
that died without giving its lease back no longer blocks the next one."""


class Lease(SQLModel, table=True):
    """Who holds a named claim, such as ``watch:<source id>`` (kb/lease.py)."""

    name: str = Field(primary_key=True)
    token: str
    """Random id of this holding: only its holder can give it back."""
    pid: int
    host: str
    acquired_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Holder:
    """Who holds a lease someone else asked for."""

    name: str
    pid: int
    host: str
    since: datetime

    def describe(self, what: str) -> str:
        since = self.since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return f"{what} by pid {self.pid} on host {self.host} since {since}"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _stale(row: Lease, now: datetime) -> bool:
    if _aware(row.expires_at) <= now:
        return True
    return row.host == socket.gethostname() and not _alive(row.pid)


def acquire(engine: Engine, name: str, *, ttl: timedelta = TTL) -> tuple[str | None, Holder | None]:
    """Take lease ``name``: ``(token, None)`` when taken, ``(None, holder)`` when held by a
    live process (a stale lease is taken over)."""
    token, now = uuid.uuid4().hex, datetime.now(UTC)

    def take(session: Session) -> Holder | None:
        row = session.get(Lease, name)
        if row is not None and not _stale(row, now):
            return Holder(row.name, row.pid, row.host, _aware(row.acquired_at))
        row = row or Lease(name=name, token=token, pid=0, host="", acquired_at=now, expires_at=now)
        row.token, row.pid, row.host = token, os.getpid(), socket.gethostname()
        row.acquired_at, row.expires_at = now, now + ttl
        session.add(row)
        return None

    holder = write_transaction(engine, take, lock=f"lease:{name}")
    return (None, holder) if holder else (token, None)


def release(engine: Engine, name: str, token: str) -> None:
    """Give lease ``name`` back (nothing happens when it was taken over meanwhile)."""
    write_transaction(engine, lambda s: s.execute(
        delete(Lease).where(Lease.name == name, Lease.token == token)), lock=f"lease:{name}")


@dataclass
class Leases:
    """What :func:`holding` got: the names taken, and who holds the others."""

    taken: list[str] = field(default_factory=list)
    busy: list[Holder] = field(default_factory=list)


@contextmanager
def holding(engine: Engine, names: list[str], *, ttl: timedelta = TTL) -> Iterator[Leases]:
    """Take every free lease of ``names`` for the ``with`` block; give them back after it,
    however it ends."""
    got, tokens = Leases(), {}
    try:
        for name in names:
            token, holder = acquire(engine, name, ttl=ttl)
            if token:
                tokens[name] = token
                got.taken.append(name)
            else:
                got.busy.append(holder)
        yield got
    finally:
        for name, token in tokens.items():
            release(engine, name, token)
