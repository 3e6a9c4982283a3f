"""`frt judge`: decisions recorded through the CLI change what listings show, and persist."""

from __future__ import annotations

import json

from sqlmodel import select
from typer.testing import CliRunner

from cli import app
from kb.database import session_scope
from kb.extract import extract_all
from kb.models import Entity, Mention
from tests.kb.fake_extractor import FakeExtractor
from tests.kb.test_facts import _load, _results

runner = CliRunner()


def _json(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_reject_removes_commitment_now_and_after_rebuild(engine, sqlite_url):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    rows = _json("commitments", "--db", sqlite_url, "--format", "json")
    ext = next(r for r in rows if r["action"] == "extension")
    result = runner.invoke(app, ["judge", "reject", ext["fact_key"], "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert [r["action"] for r in _json("commitments", "--db", sqlite_url, "-f", "json")] == [
        "moratorium"]
    extract_all(engine, FakeExtractor(_results()), force=True)
    assert len(_json("commitments", "--db", sqlite_url, "-f", "json")) == 1
    listed = _json("judge", "list", "--db", sqlite_url, "-f", "json")
    assert [(j["kind"], j["target"]) for j in listed] == [("reject", ext["fact_key"])]


def test_merge_marks_documents_stale_and_applies_on_rebuild(engine, sqlite_url):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    result = runner.invoke(app, ["judge", "merge", "Rekognition", "Amazon", "--db", sqlite_url])
    assert result.exit_code == 0 and "1 affected" in result.output, result.output
    stats = extract_all(engine, FakeExtractor(_results()))
    assert stats.documents == 1
    with session_scope(engine) as s:
        names = set(s.exec(select(Entity.name).join(Mention, Mention.entity_id == Entity.id)))
    assert "Rekognition" not in names and "Amazon" in names


def test_unknown_targets_are_one_line_errors(engine, sqlite_url):
    for args in (["judge", "reject", "nope"], ["judge", "merge", "Nobody", "Amazon"]):
        result = runner.invoke(app, [*args, "--db", sqlite_url])
        assert result.exit_code == 1
        assert "Traceback" not in result.output
