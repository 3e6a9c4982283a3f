"""Schema migrations (Alembic), run on open so an older knowledge base opens with a newer frt.

New schema changes: edit kb/models.py, then
``alembic -c kb/migrations/alembic.ini revision --autogenerate -m "what changed"``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

HERE = Path(__file__).parent


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def upgrade(engine: Engine, existing_tables: set[str] | None = None) -> None:
    """Bring the schema to the newest revision (no-op when already there)."""
    cfg = config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
