"""`frt extract --all`: the real extractor over a KB, re-runs skip what did not change."""

from __future__ import annotations

from typer.testing import CliRunner

from cli import app
from kb import queries
from kb.database import session_scope
from tests.kb.test_facts import _load

runner = CliRunner()
ENV = {"FRT_SPACY_MODEL": "none", "COLUMNS": "160"}


def _extract(*args):
    return runner.invoke(app, ["extract", *args], env=ENV)


def test_extract_all_fills_the_kb_then_skips_unchanged(engine, sqlite_url):
    _load(engine)
    first = _extract("--all", "--db", sqlite_url)
    assert first.exit_code == 0, first.output
    assert "extracted 2 documents (0 unchanged" in first.output
    with session_scope(engine) as s:
        rows = queries.commitments(s, actor="Amazon")
    assert {r["action"] for r in rows} >= {"moratorium"}, rows
    again = _extract("--all", "--db", sqlite_url)
    assert again.exit_code == 0, again.output
    assert "extracted 0 documents (2 unchanged" in again.output
    forced = _extract("--all", "--force", "--db", sqlite_url)
    assert "extracted 2 documents (0 unchanged" in forced.output
    with session_scope(engine) as s:
        assert len(queries.commitments(s, actor="Amazon")) == len(rows)  # replaced, not doubled


def test_extract_all_on_missing_kb_is_one_line(tmp_path):
    result = _extract("--all", "--db", str(tmp_path / "nowhere.db"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_files_and_all_are_exclusive(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("IBM will no longer offer face recognition software.", encoding="utf-8")
    assert _extract(str(f), "--all").exit_code == 2
    assert _extract().exit_code == 2
    assert _extract(str(f), "--force").exit_code == 2
