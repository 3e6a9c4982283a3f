"""search: full-text index over document versions (SQLite FTS5, PostgreSQL tsvector)

SQLite: an external-content FTS5 table over ``documentversion.text`` kept in step by
triggers (insert, delete, update of the text) and filled from the existing rows here.
PostgreSQL: a GIN index on ``to_tsvector('english', text)``, which the server keeps in step.
Neither is a model (kb/search.py names them so the schema comparison leaves them out).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 14:00:00
"""
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

FTS = "documentversion_search"
PG_INDEX = "ix_documentversion_search"

SQLITE_UP = [
    # Porter stemming over unicode61 ("bans" finds "ban"), diacritics folded; the text itself
    # stays in documentversion (external content: no second copy).
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, content='documentversion', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON documentversion BEGIN "
    f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON documentversion BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF text ON documentversion BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",  # backfill the versions stored so far
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {FTS}_{t}" for t in ("ai", "ad", "au")] + [
    f"DROP TABLE IF EXISTS {FTS}"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON documentversion "
                   "USING gin (to_tsvector('english'::regconfig, text))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
