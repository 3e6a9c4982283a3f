"""What `frt serve` shows in Datasette: metadata (titles, descriptions, licence, facets,
canned queries) as a data file, and a small plugin that links every quote to its source."""

from __future__ import annotations

from pathlib import Path

import yaml

METADATA_PATH = Path(__file__).with_name("metadata.yml")
DATABASE_NAME = "kb"
"""The name Datasette serves the knowledge base under (/kb/commitment, /kb/in_force_now)."""


def load_metadata() -> dict:
    """The Datasette metadata for the knowledge base (reports/datasette/metadata.yml)."""
    return yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
