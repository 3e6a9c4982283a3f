"""Shared fixtures: temporary knowledge bases (SQLite file, PostgreSQL schema)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from kb.database import make_engine


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'kb.db'}"


@pytest.fixture
def engine(sqlite_url):
    eng = make_engine(sqlite_url)
    yield eng
    eng.dispose()


@pytest.fixture
def pg_url():
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    base = os.environ.get("FRT_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("FRT_TEST_POSTGRES_URL is not set (CI sets it in .ci/run)")
    schema = f"frt_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
