"""`frt db check`: a clean knowledge base passes; each kind of damage is named, counted and
shown with examples, and the exit code is 1 (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from cli import app
from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store
from kb.check import check
from kb.database import make_engine, session_scope
from kb.extract import extract_all
from tests.kb.fake_extractor import FakeExtractor, commitment, entity

runner = CliRunner()
SRC = SourceDef(id="vendor_x", name="Vendor X newsroom", kind="vendor", spider="feed",
                start_urls=["http://127.0.0.1/feed.xml"])
TEXT = ("Acme Vision will not sell face recognition to police for one year. "
        "The audit found a false positive rate of 12.5% for women.")
QUOTE = "Acme Vision will not sell face recognition to police for one year."
FINDING = "a false positive rate of 12.5% for women"


def _result(text):
    i = text.index(FINDING)
    return {"entities": [entity(text, "Acme Vision", "VENDOR")],
            "commitments": [commitment("Acme Vision", "no_sale", text, QUOTE)],
            "findings": [{"study": "audit", "system": None, "vendor": None,
                          "metric": "false_positive_rate", "value": 12.5, "unit": "%",
                          "group": "women", "comparison_group": None, "comparison_value": None,
                          "dataset": None, "quote": FINDING, "start_char": i,
                          "end_char": i + len(FINDING)}]}


@pytest.fixture
def url(kb_url):
    """A small extracted KB on each backend: two documents, the first with two versions."""
    engine = make_engine(kb_url)
    for url_, text in (("http://127.0.0.1/a", "Old text. " + TEXT), ("http://127.0.0.1/a", TEXT),
                       ("http://127.0.0.1/b", "Intro. " + TEXT)):
        with session_scope(engine) as s:
            store.upsert_source(s, SRC)
            store.store_document(s, DocumentItem(source_id="vendor_x", url=url_, text=text,
                                                 title="Statement"))
    extract_all(engine, FakeExtractor({"Acme": _result}))
    engine.dispose()
    return kb_url


def _damage(url: str, *statements: str) -> None:
    """Run raw SQL with foreign keys off: the damage a crash, an old KB or a hand edit leaves."""
    engine = make_engine(url, create=False)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        else:
            conn.exec_driver_sql("SET session_replication_role = replica")
        for sql in statements:
            conn.execute(text(sql))
        conn.commit()
    engine.dispose()


def _kinds(url: str) -> dict[str, int]:
    engine = make_engine(url, create=False)
    try:
        return {p.kind: p.count for p in check(engine).problems}
    finally:
        engine.dispose()


def test_clean_kb_passes_and_counts_per_source(url):
    engine = make_engine(url, create=False)
    report = check(engine)
    engine.dispose()
    assert report.ok, [p.line() for p in report.problems]
    assert report.sources == [{"source": "vendor_x", "documents": 2, "versions": 3,
                               "mentions": 2, "commitments": 2, "findings": 2}]
    assert report.revision == report.head


DAMAGE = {
    "version_without_document": [
        "INSERT INTO documentversion (document_id, version_no, content_hash, text, fetched_at) "
        "VALUES (999, 1, 'h', 'text', '2024-01-01')"],
    "mention_without_document": ["UPDATE mention SET document_id = 999"],
    "commitment_without_version": ["UPDATE commitment SET version_id = 999"],
    "finding_without_version": ["UPDATE finding SET version_id = 998"],
    "mention_without_entity": ["UPDATE mention SET entity_id = 999"],
    "commitment_version_of_other_document": [
        "UPDATE commitment SET version_id = (SELECT current_version_id FROM document "
        "WHERE key LIKE '%/b') WHERE document_id = (SELECT id FROM document WHERE key LIKE '%/a')"],
    "edge_without_target_entity": [
        "INSERT INTO edge (src_id, dst_id, type, document_id) "
        "VALUES ((SELECT min(id) FROM entity), 999, 'made_by', NULL)"],
    "fact_without_reports": ["UPDATE commitment SET fact_id = NULL"],
    "fact_without_primary_report": ["UPDATE fact SET primary_id = 999 WHERE kind = 'finding'"],
    "commitment_without_fact": ["UPDATE commitment SET fact_id = 999"],
    "commitment_span_outside_text": ["UPDATE commitment SET end_char = 100000"],
    "commitment_quote_not_text": ["UPDATE commitment SET quote = 'something else'"],
    "finding_span_outside_text": ["UPDATE finding SET start_char = end_char"],
    "mention_quote_not_text": ["UPDATE mention SET start_char = start_char + 1, "
                               "end_char = end_char + 1"],
    "document_without_current_version": ["UPDATE document SET current_version_id = NULL"],
    "current_version_not_its_own": [
        "UPDATE document SET current_version_id = (SELECT current_version_id FROM document "
        "WHERE key LIKE '%/b') WHERE key LIKE '%/a'"],
    "current_version_hash_mismatch": ["UPDATE document SET content_hash = 'stale'"],
    "duplicate_version_number": ["UPDATE documentversion SET version_no = 1"],
    "migration_not_at_head": ["UPDATE alembic_version SET version_num = '0005'"],
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_each_kind_of_damage_is_found(url, kind):
    assert _kinds(url) == {}
    _damage(url, *DAMAGE[kind])
    found = _kinds(url)
    assert kind in found, found
    assert found[kind] >= 1


def test_cli_passes_a_clean_kb(url):
    result = runner.invoke(app, ["db", "check", "--db", url], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "ok: no problems found" in result.output
    assert "vendor_x" in result.output


def test_cli_names_each_problem_on_one_line_and_exits_1(url):
    _damage(url, DAMAGE["version_without_document"][0],
            "UPDATE commitment SET end_char = 100000")
    result = runner.invoke(app, ["db", "check", "--db", url], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("problem:")]
    assert len(lines) == 2, result.output
    assert any("version_without_document: 1 (e.g. documentversion " in line for line in lines)
    assert any("commitment_span_outside_text: 2 (e.g. commitment " in line for line in lines)


def test_cli_json_report(url):
    _damage(url, "UPDATE document SET content_hash = 'stale'")
    result = runner.invoke(app, ["db", "check", "--db", url, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and report["revision"] == report["head"]
    assert report["problems"] == [{"kind": "current_version_hash_mismatch", "count": 2,
                                   "examples": report["problems"][0]["examples"],
                                   "detail": None}]
    assert len(report["problems"][0]["examples"]) == 2
    assert report["sources"][0]["documents"] == 2


def test_cli_missing_kb_is_one_line(tmp_path):
    result = runner.invoke(app, ["db", "check", "--db", str(tmp_path / "nowhere.db")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "nowhere.db").exists()


def test_cli_names_the_revisions_of_an_old_schema(url):
    _damage(url, "UPDATE alembic_version SET version_num = '0005'")
    result = runner.invoke(app, ["db", "check", "--db", url], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "problem: migration_not_at_head: database at 0005, code at " in result.output
    assert "frt db info" in result.output  # what to do about it


def test_cli_on_a_schema_older_than_the_models_says_so(url):
    _damage(url, "DROP TABLE fact", "UPDATE alembic_version SET version_num = '0003'")
    result = runner.invoke(app, ["db", "check", "--db", url], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "problem: content_not_checked: old schema" in result.output
