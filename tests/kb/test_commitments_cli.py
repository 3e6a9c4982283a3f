"""`frt commitments`: one row per fact, every report kept (`--reports`: one row per report)."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from cli import app
from kb.extract import extract_all
from tests.kb.fake_extractor import FakeExtractor
from tests.kb.test_facts import MORATORIUM, _add, _load, _results

runner = CliRunner()


def _run(*args):
    result = runner.invoke(app, ["commitments", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_group_lists_each_promise_once_with_its_reports(engine, sqlite_url):
    _load(engine)
    _add(engine, "http://127.0.0.1/recap", "A week ago, " + MORATORIUM, (2020, 6, 17))
    extract_all(engine, FakeExtractor(_results()))
    flat = json.loads(_run("--db", sqlite_url, "-f", "json", "--action", "moratorium", "--reports"))
    grouped = json.loads(_run("--db", sqlite_url, "-f", "json", "--action", "moratorium"))
    assert len(flat) == 2 and len(grouped) == 1
    assert {r["url"] for r in grouped[0]["reports"]} == {"http://127.0.0.1/a", "http://127.0.0.1/recap"}
    rows = list(csv.DictReader(io.StringIO(_run("--db", sqlite_url, "-f", "csv"))))
    assert [(r["action"], r["status"], r["n_reports"]) for r in rows] == [
        ("moratorium", "extended", "2"), ("extension", "active", "1")]
