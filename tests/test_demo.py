"""`frt demo` end to end: served demo web -> real crawl -> extraction -> KB -> reports.

The demo runs in a subprocess (Scrapy's reactor starts once per process), into a temporary
directory; the assertions read the knowledge base it leaves behind.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func
from sqlmodel import select

from kb import queries
from kb.database import make_engine, session_scope
from kb.models import (Alias, Commitment, Document, DocumentVersion, Edge, Entity, Finding,
                       Mention, Source)

pytestmark = pytest.mark.slow
DEMO_SOURCES = {"demo_newsroom", "demo_legislature", "demo_arxiv", "demo_reports"}
COUNTED = (Source, Document, DocumentVersion, Entity, Alias, Mention, Commitment, Finding, Edge)


def run_demo(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "cli", "demo", *args], capture_output=True,
                          text=True, timeout=600, env={**os.environ, "COLUMNS": "160"})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    proc = run_demo("--out", str(out))
    engine = make_engine(str(out / "frt-demo.db"), create=False)
    yield out, proc, engine
    engine.dispose()


def test_reports_written_and_summary_printed(demo):
    out, proc, _ = demo
    for name in ("briefing.md", "briefing.html", "timeline.md", "timeline.html"):
        assert (out / name).stat().st_size > 500, name
        assert str(out / name) in proc.stdout.replace("\n", "")
    assert "Rekognition" in (out / "briefing.md").read_text()
    for heading in ("Documents per source", "Entities per type", "Commitments", "Findings"):
        assert heading in proc.stdout
    assert not list(out.glob(".*building*")), "the temporary KB must be moved into place"


def test_documents_from_each_demo_source(demo):
    _, _, engine = demo
    with session_scope(engine) as s:
        per_source = {r["source"]: r["documents"] for r in queries.documents_per_source(s)}
    assert set(per_source) == DEMO_SOURCES
    assert all(n >= 1 for n in per_source.values()), per_source
    assert per_source["demo_newsroom"] >= 6 and per_source["demo_legislature"] >= 3
    assert per_source["demo_arxiv"] >= 3


def test_amazon_one_year_moratorium_with_computed_end(demo):
    _, _, engine = demo
    with session_scope(engine) as s:
        rows = queries.commitments(s, actor="Amazon", action="moratorium")
    match = [c for c in rows if c["start"] == "2020-06-10" and c["end"] == "2021-06-10"]
    assert match, rows
    assert match[0]["scope"] in ("police", "law_enforcement")


def test_amazon_moratorium_is_one_extended_promise_across_reports(demo):
    out, proc, engine = demo
    with session_scope(engine) as s:
        groups = queries.group_commitments(queries.commitments(s, actor="Amazon", action="moratorium"))
    assert len(groups) == 1, groups
    assert groups[0]["status"] == "extended" and len(groups[0]["reports"]) >= 2
    assert (out / "briefing.md").read_text().count("### Amazon: moratorium") == 1


def test_ibm_exit(demo):
    _, _, engine = demo
    with session_scope(engine) as s:
        rows = queries.commitments(s, actor="IBM", action="exit")
    assert rows and rows[0]["url"].endswith(".html")


def test_gender_shades_finding(demo):
    _, _, engine = demo
    with session_scope(engine) as s:
        rows = queries.findings(s)
    hits = [f for f in rows if f["value"] == 34.7 and f["comparison_value"] == 0.8]
    assert hits, rows
    f = hits[0]
    assert "darker" in f["group"].lower() and ("women" in f["group"].lower()
                                                or "female" in f["group"].lower())
    assert "lighter" in f["comparison_group"].lower()
    assert f["unit"] == "%"


def test_every_quote_is_verbatim_at_its_span(demo):
    _, _, engine = demo
    with session_scope(engine) as s:
        facts = list(s.exec(select(Commitment))) + list(s.exec(select(Finding)))
        assert facts
        for fact in facts:
            text = s.get(DocumentVersion, fact.version_id).text
            assert text[fact.start_char:fact.end_char] == fact.quote
        for m in s.exec(select(Mention)):
            assert s.get(DocumentVersion, m.version_id).text[m.start_char:m.end_char] == m.text


def test_second_run_on_same_db_adds_no_duplicate_rows(demo, tmp_path):
    out, _, engine = demo

    def counts():
        with session_scope(engine) as s:
            return {m.__tablename__: s.exec(select(func.count()).select_from(m)).one()
                    for m in COUNTED}

    before = counts()
    run_demo("--out", str(tmp_path / "again"), "--db", str(out / "frt-demo.db"))
    assert counts() == before
