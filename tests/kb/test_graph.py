"""The graph view is built from the store, walked with evidence and exported for other tools."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from typer.testing import CliRunner

from cli import app
from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store
from kb.database import session_scope
from kb.extract import extract_all
from kb.graph import build_graph, most_central
from tests.kb.fake_extractor import FakeExtractor, commitment, entity
from tests.kb.test_facts import _load, _results

SRC = SourceDef(id="desk", name="Desk", kind="news", spider="feed", start_urls=["http://127.0.0.1/feed"])
TITLE = "Acme Vision <script>alert(1)</script> and {{ seven }}"
PAUSE = ("Acme Vision Inc. chief executive Dana Whitfield said the Springfield Police Department "
         "uses FaceFinder. Acme Vision paused sales of FaceFinder to police for one year.")
AUDIT = ("The Lens Audit found that FaceFinder misidentified\x0cdarker-skinned women 12.5% of the time. "
         "Ordinance 42 bans police use of face recognition in Springfield.")


def _relation(text, type_, source, source_label, target, target_label, quote, role=None):
    i = text.index(quote)
    return {"type": type_, "source": source, "source_label": source_label, "target": target,
            "target_label": target_label, "role": role, "quote": quote, "start_char": i,
            "end_char": i + len(quote)}


def _pause(t):
    said = t[:t.index("FaceFinder.") + len("FaceFinder.")]
    return {
        "entities": [entity(t, "Acme Vision Inc.", "VENDOR", "Acme Vision"),
                     entity(t, "Dana Whitfield", "PERSON"),
                     entity(t, "Springfield Police Department", "AGENCY"),
                     entity(t, "FaceFinder", "PRODUCT")],
        "commitments": [commitment("Acme Vision", "moratorium", t, "Acme Vision paused sales of FaceFinder "
                                   "to police for one year.", start="2020-06-10", end="2021-06-10",
                                   product="FaceFinder", duration="one-year")],
        "relations": [
            _relation(t, "works_for", "Dana Whitfield", "PERSON", "Acme Vision", "VENDOR", said,
                      role="chief executive"),
            _relation(t, "uses", "Springfield Police Department", "AGENCY", "FaceFinder", "PRODUCT", said),
            _relation(t, "made_by", "FaceFinder", "PRODUCT", "Acme Vision", "VENDOR", said)],
    }


def _audit(t):
    found = t[:t.index("time.") + len("time.")]
    ban = t[len(found) + 1:]
    return {
        "entities": [entity(t, "Lens Audit", "STUDY"), entity(t, "FaceFinder", "PRODUCT"),
                     entity(t, "Ordinance 42", "LAW"), entity(t, "Springfield", "JURISDICTION")],
        "commitments": [{**commitment("Springfield", "ban", t, ban, start="2021-03-01"), "law": "Ordinance 42"}],
        "findings": [{"study": "Lens Audit", "system": "FaceFinder", "vendor": None, "metric": "error_rate",
                      "value": 12.5, "unit": "%", "group": "darker-skinned women", "comparison_group": None,
                      "comparison_value": None, "dataset": None, "quote": found, "start_char": 0,
                      "end_char": len(found)}],
    }


def load_graph_kb(engine):
    """Two documents: a vendor's pause with who works where and who uses what (its title holds
    markup), and an ordinance that also reports an audit finding (its title starts with "=",
    the finding's quote holds a PDF page break, which XML cannot hold)."""
    with session_scope(engine) as s:
        store.upsert_source(s, SRC)
        store.store_document(s, DocumentItem(source_id="desk", url="http://127.0.0.1/pause", text=PAUSE,
                                             title=TITLE, published=datetime(2020, 6, 10, tzinfo=timezone.utc)))
        store.store_document(s, DocumentItem(
            source_id="desk", url="http://127.0.0.1/ord-42", text=AUDIT, title="=1+1 Ordinance 42",
            kind="ordinance", published=datetime(2021, 3, 1, tzinfo=timezone.utc),
            metadata={"identifier": "Ordinance 42", "jurisdiction": "Springfield",
                      "enactment_date": "2021-03-01"}))
    extract_all(engine, FakeExtractor({"Dana Whitfield": _pause, "Lens Audit": _audit}))


def _cli(*args):
    return CliRunner().invoke(app, list(args))


def _edges(g, type_):
    return [(g.nodes[u]["label"], g.nodes[v]["label"], d) for u, v, d in g.edges(data=True) if d["type"] == type_]


def test_graph_links_actor_commitments_and_extension(engine):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    with session_scope(engine) as s:
        g = build_graph(s)
    edge_types = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"committed", "extends", "cited_in", "about", "mentioned_in"} <= edge_types
    amazon = next(n for n, d in g.nodes(data=True) if d.get("label") == "Amazon")
    assert sum(1 for _, _, d in g.out_edges(amazon, data=True) if d["type"] == "committed") == 2
    assert most_central(g, limit=1)[0][0] == "Amazon"


def test_stated_relations_are_typed_edges_with_quote_and_document(engine):
    load_graph_kb(engine)
    with session_scope(engine) as s:
        g = build_graph(s)
    (person, org, works), = _edges(g, "works_for")
    assert (person, org, works["role"]) == ("Dana Whitfield", "Acme Vision", "chief executive")
    assert works["evidence"].startswith("Acme Vision Inc. chief executive Dana Whitfield")
    assert g.nodes[works["document"]]["label"] == TITLE
    assert [(a, b) for a, b, _ in _edges(g, "uses")] == [("Springfield Police Department", "FaceFinder")]
    assert ("FaceFinder", "Acme Vision") in {(a, b) for a, b, _ in _edges(g, "made_by")}
    assert [(a, b) for a, b, _ in _edges(g, "evaluated")] == [("Lens Audit", "FaceFinder")]
    assert [(a, b) for a, b, _ in _edges(g, "in_jurisdiction")] == [("Ordinance 42", "Springfield")]
    mentioned = {(a, b) for a, b, _ in _edges(g, "mentioned_in")}
    assert ("Dana Whitfield", TITLE) in mentioned and ("Springfield", "=1+1 Ordinance 42") in mentioned
    assert all(d.get("evidence") and d.get("document") for _, _, d in g.edges(data=True))


def test_neighbors_show_each_edge_with_its_evidence_and_document(engine, sqlite_url):
    load_graph_kb(engine)
    result = _cli("graph", "neighbors", "dana whitfield", "-f", "json", "--db", sqlite_url)
    assert result.exit_code == 0, result.output
    rows = {r["type"]: r for r in json.loads(result.output)}
    assert set(rows) == {"works_for", "mentioned_in"}
    assert rows["works_for"]["target"] == "Acme Vision" and rows["works_for"]["role"] == "chief executive"
    assert "chief executive Dana Whitfield" in rows["works_for"]["evidence"]
    assert rows["works_for"]["document"] == TITLE and rows["works_for"]["url"] == "http://127.0.0.1/pause"
    deeper = _cli("graph", "neighbors", "Dana Whitfield", "--depth", "2", "--edge-type", "works_for",
                  "--edge-type", "made_by", "-f", "json", "--db", sqlite_url)
    assert {(r["depth"], r["source"], r["type"]) for r in json.loads(deeper.output)} == {
        (1, "Dana Whitfield", "works_for"), (2, "FaceFinder", "made_by")}
    typo = _cli("graph", "neighbors", "Dana Whitfield", "--edge-type", "works-for", "--db", sqlite_url)
    assert typo.exit_code == 1 and "no edge of type works-for" in typo.output and "works_for" in typo.output


def test_names_match_any_case_then_alias_and_unknown_ones_fail_in_one_line(engine, sqlite_url):
    load_graph_kb(engine)
    by_alias = _cli("graph", "neighbors", "ACME VISION INC.", "-f", "json", "--db", sqlite_url)
    assert by_alias.exit_code == 0, by_alias.output
    assert {r["source"] for r in json.loads(by_alias.output) if r["type"] == "works_for"} == {"Dana Whitfield"}
    missing = _cli("graph", "neighbors", "Dana Whitfeld", "--db", sqlite_url)
    assert missing.exit_code == 1
    assert "no entity 'Dana Whitfeld'" in missing.output and "did you mean: Dana Whitfield" in missing.output
    assert len(missing.output.strip().splitlines()) == 1 and "Traceback" not in missing.output


def test_path_chains_typed_edges_with_evidence(engine, sqlite_url):
    load_graph_kb(engine)
    result = _cli("graph", "path", "Dana Whitfield", "lens audit", "-f", "json", "--db", sqlite_url)
    assert result.exit_code == 0, result.output
    steps = json.loads(result.output)
    assert [(s["source"], s["type"], s["target"]) for s in steps] == [
        ("Dana Whitfield", "works_for", "Acme Vision"), ("FaceFinder", "made_by", "Acme Vision"),
        ("Lens Audit", "evaluated", "FaceFinder")]
    assert steps[2]["evidence"].startswith("The Lens Audit found") and steps[2]["document"] == "=1+1 Ordinance 42"
    apart = _cli("graph", "path", "Dana Whitfield", "Springfield", "--db", sqlite_url)
    assert apart.exit_code == 1 and "no path between" in apart.output


def test_export_json_round_trips(engine, sqlite_url, tmp_path):
    _load(engine)
    extract_all(engine, FakeExtractor(_results()))
    out = tmp_path / "g.json"
    result = _cli("graph", "export", str(out), "-f", "json", "--db", sqlite_url)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert any(n.get("label") == "Rekognition" for n in data["nodes"])
