"""The Datasette application `frt serve` runs: the knowledge base read-only, with metadata."""

from __future__ import annotations

import importlib
from pathlib import Path

from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from reports.datasette import DATABASE_NAME, load_metadata, plugin

PLUGIN_NAME = "frt"
STATIC = Path(__file__).with_name("static")
"""Served at /frt-static/ (the metadata's extra_css_urls)."""
SETTINGS = {
    "sql_time_limit_ms": 3000,   # default 1000: canned queries over a large KB
    "facet_time_limit_ms": 500,  # default 200
}


def build(path: Path) -> Datasette:
    """A Datasette serving the SQLite knowledge base at ``path`` read-only as ``kb``.

    The file is opened with SQLite's ``mode=ro`` (Datasette's mutable mode, which only ever
    reads unless a plugin writes; none does). Not ``immutable=1``: the knowledge base runs
    in WAL mode and a crawl may write to it while it is browsed, which immutable mode would
    not see.
    """
    if not pm.is_registered(plugin) and pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(plugin, name=PLUGIN_NAME)
    # Datasette prints every error, a user's invalid SQL too, as a Rich traceback with local
    # variables when Rich is installed (frt has it); plugin.handle_exception logs one line.
    importlib.import_module("datasette.handle_exception").rich = None
    ds = Datasette(metadata=load_metadata(), settings=SETTINGS,
                   static_mounts=[("frt-static", str(STATIC))])
    ds.add_database(Database(ds, path=str(path), is_mutable=True), name=DATABASE_NAME)
    return ds
