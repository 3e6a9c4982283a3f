"""Docs as tests: every command is listed with a one-line summary and has an example."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


ALL = list(_commands(typer.main.get_command(app)))


def test_top_level_help_lists_every_command():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    for name in typer.main.get_command(app).commands:
        assert f" {name} " in result.output


@pytest.mark.parametrize("path,cmd", ALL, ids=[" ".join(p) for p, _ in ALL])
def test_command_has_one_line_summary_and_example(path, cmd):
    summary = (cmd.help or "").strip().splitlines()[0]
    assert summary and len(summary) <= 60, f"summary too long for one line: {summary!r}"
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Example: frt " + " ".join(path) in " ".join(result.output.split())
