"""Shared fixtures: a temporary knowledge base on each backend (a SQLite file, and a fresh
PostgreSQL schema when ``FRT_TEST_POSTGRES_URL`` is set; CI sets it in .ci/run).

``kb_url`` is parametrised over both backends, so every test taking ``kb_url``, ``engine``
or ``sqlite_url`` (the older name, kept for the tests that use it) runs twice: ``[sqlite]``
and ``[postgres]``, the latter marked ``postgres`` and skipped, saying why, without a server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from kb.database import make_engine

POSTGRES_ENV = "FRT_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards (with every
    table in it): tests never see each other's rows, and subprocesses given the URL share it."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against "
                    "(CI sets it in .ci/run)")
    schema = f"frt_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """``sqlite`` or ``postgres``: the backend of this run of the test."""
    return request.param


@pytest.fixture
def kb_url(backend, tmp_path) -> Iterator[str]:
    """An empty knowledge base URL on the current backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'kb.db'}"
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture
def sqlite_url(kb_url) -> str:
    """The knowledge base URL (historic name: it is a PostgreSQL URL in ``[postgres]`` runs)."""
    return kb_url


@pytest.fixture
def engine(kb_url):
    eng = make_engine(kb_url)
    yield eng
    eng.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL on a fresh schema, dropped afterwards (for PostgreSQL-only tests)."""
    with postgres_schema() as url:
        yield url
