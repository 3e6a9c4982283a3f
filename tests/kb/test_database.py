"""Opening knowledge bases: defaults, WAL, migrations, and one-line errors for bad input."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import text

from kb.database import make_engine, resolve_url
from kb.errors import KBError


def test_plain_path_means_sqlite_and_env_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("FRT_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"


def test_sqlite_runs_in_wal_mode_and_is_migrated(tmp_path):
    eng = make_engine(str(tmp_path / "kb.db"))
    with eng.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    eng.dispose()


class _LockedThenFree:
    """A cursor whose first journal-mode switches meet a lock SQLite does not wait for."""

    def __init__(self, cur, locked: int):
        self.cur, self.locked, self.switches = cur, locked, 0

    def execute(self, sql):
        if sql == "PRAGMA journal_mode=WAL":
            self.switches += 1
            if self.switches <= self.locked:
                raise sqlite3.OperationalError("database is locked")
        return self.cur.execute(sql)


def test_a_worker_that_meets_another_switching_a_new_file_to_wal_waits_for_it(tmp_path):
    from kb.database import _ensure_wal

    conn = sqlite3.connect(tmp_path / "new.db")
    cur = _LockedThenFree(conn.cursor(), locked=3)
    _ensure_wal(cur)
    assert cur.switches == 4
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    always = _LockedThenFree(sqlite3.connect(tmp_path / "other.db").cursor(), locked=10**6)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _ensure_wal(always, deadline_s=0.05)


def test_not_a_database_is_a_kb_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(KBError, match="not a database"):
        make_engine(str(bogus))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere; covered by /proc test")
def test_unwritable_directory_is_a_kb_error(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    with pytest.raises(KBError, match="cannot write"):
        make_engine(str(ro / "kb.db"))


@pytest.mark.parametrize("args", [
    ["db", "info", "--db", "/proc/frt-no-such-dir/kb.db"],
    ["demo", "--out", "{tmp}/out", "--db", "/proc/frt-no-such-dir/kb.db"],
    ["db", "info", "--db", "{tmp}/garbage.db"],
    ["demo", "--out", "{tmp}/out", "--db", "{tmp}/garbage.db"],
    ["demo", "--out", "/proc/frt-no-such-dir/out"],
    ["report", "--out", "/proc/frt-no-such-dir/out", "--db", "{tmp}/garbage.db"],
    ["commitments", "--db", "{tmp}/missing.db"],
    ["commitments", "--db", "{tmp}/garbage.db", "--format", "json"],
])
def test_cli_bad_db_gives_one_line_and_exit_1(tmp_path, args):
    (tmp_path / "garbage.db").write_bytes(b"\x00garbage" * 512)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr


def test_existing_sqlite_without_tables_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    sqlite3.connect(path).execute("CREATE TABLE notes (x)").connection.commit()
    eng = make_engine(str(path))
    with eng.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert {"document", "commitment", "finding", "notes"} <= names
    eng.dispose()


def _old_kb(tmp_path, revision: str, statements: list[str]):
    """A SQLite KB migrated only up to ``revision`` and holding the rows ``statements`` insert."""
    from alembic import command
    from sqlalchemy import create_engine

    from kb.migrations import config

    path = tmp_path / "old.db"
    old = create_engine(f"sqlite:///{path}")
    cfg = config()
    with old.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        for statement in statements:
            conn.execute(text(statement))
    old.dispose()
    return path


def test_knowledge_base_from_an_older_release_is_upgraded(tmp_path):
    """A KB created at the first schema revision opens with the current code: the
    migrations after it run, and its rows survive."""
    from kb.migrations import config

    path = _old_kb(tmp_path, "0001", [
        "INSERT INTO source (id, name, kind, spider) VALUES ('s', 'S', 'vendor', 'feed')"])
    eng = make_engine(str(path))
    with eng.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        assert "pagecache" in tables
        assert conn.execute(text("SELECT name FROM source")).scalar() == "S"
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    from alembic.script import ScriptDirectory

    assert head == ScriptDirectory.from_config(config()).get_current_head() != "0001"
    eng.dispose()


def test_commitments_of_a_0002_knowledge_base_survive_the_precision_migration(tmp_path):
    """A KB at revision 0002 (before start precision, law and target) keeps every report
    after the upgrade; the new columns are empty until `frt extract --all`."""
    from kb import queries
    from kb.database import session_scope

    path = _old_kb(tmp_path, "0002", [
        "INSERT INTO source (id, name, kind, spider) VALUES ('s', 'S', 'vendor', 'feed')",
        "INSERT INTO document (id, source_id, key, url, canonical_url, content_hash, first_seen, "
        "last_fetched, authors, meta) VALUES (1, 's', 'k', 'http://127.0.0.1/1', 'http://127.0.0.1/1', 'h', "
        "'2020-06-10 00:00:00', '2020-06-10 00:00:00', '[]', '{}')",
        "INSERT INTO documentversion (id, document_id, version_no, content_hash, text, fetched_at) "
        "VALUES (1, 1, 1, 'h', 'Amazon paused.', '2020-06-10 00:00:00')"] + [
        "INSERT INTO commitment (id, document_id, version_id, actor, action, start, quote, start_char, "
        f"end_char, fact_key, extractor, fetched_at) VALUES ({i}, 1, 1, 'Amazon', 'pause', '2020-06-10', "
        f"'Amazon paused.', 0, 14, 'f{i}', 'frt-nlp/0.6.0', '2020-06-10 00:00:00')" for i in (1, 2)])
    eng = make_engine(str(path))
    with session_scope(eng) as s:
        rows = queries.commitments(s)
    assert [(r["id"], r["start"], r["start_precision"], r["law"]) for r in rows] == [
        (1, "2020-06-10", "day", None), (2, "2020-06-10", "day", None)]
    eng.dispose()


def test_dates_are_shown_at_their_precision():
    from datetime import date

    from kb.queries import shown_date

    assert shown_date(date(2019, 5, 1), "month") == "2019-05"
    assert shown_date(date(2019, 1, 1), "year") == "2019"
    assert shown_date(date(2019, 5, 14), "day") == shown_date(date(2019, 5, 14), None) == "2019-05-14"


def test_migrations_build_exactly_the_models_schema(tmp_path):
    """A knowledge base built by the migrations has every table, column and index the models
    declare (a model change without its migration fails here)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from kb.search import include_object  # the full-text search table and index are no models

    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()
