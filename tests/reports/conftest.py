"""A fixture knowledge base and a CLI runner for the report tests."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.reports import kb_fixture


@pytest.fixture
def kb(engine):
    kb_fixture.build(engine)
    return engine


@pytest.fixture
def frt(kb, sqlite_url):
    """Run ``frt ARGS`` against the fixture KB; fails the test on a non-zero exit."""
    from cli import app

    runner = CliRunner()

    def run(*args: str, code: int = 0):
        result = runner.invoke(app, [*args, "--db", sqlite_url], env={"COLUMNS": "160"})
        assert result.exit_code == code, result.output
        return result

    return run
