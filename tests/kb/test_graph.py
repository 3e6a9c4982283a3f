"""The graph view is built from the store and exported for other tools."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli import app
from kb.database import session_scope
from kb.extract import extract_all
from kb.graph import build_graph, most_central
from tests.kb.fake_extractor import FakeExtractor
from tests.kb.test_facts import _load, _results


def test_graph_links_actor_commitments_and_extension(engine):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    with session_scope(engine) as s:
        g = build_graph(s)
    edge_types = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"committed", "extends", "cited_in", "about"} <= edge_types
    amazon = next(n for n, d in g.nodes(data=True) if d.get("label") == "Amazon")
    assert sum(1 for _ in g.successors(amazon)) == 2
    assert most_central(g, limit=1)[0][0] == "Amazon"


def test_export_json_round_trips(engine, sqlite_url, tmp_path):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    out = tmp_path / "g.json"
    result = CliRunner().invoke(app, ["graph", "export", str(out), "-f", "json", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert any(n.get("label") == "Rekognition" for n in data["nodes"])
