"""`frt export`: every format reads back with the knowledge base's counts, text unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import select
from typer.testing import CliRunner

from cli import app
from kb import queries
from kb.database import session_scope
from kb.models import Document, Entity, Fact
from tests.kb.test_graph import TITLE, load_graph_kb


def _export(fmt, out, url):
    return CliRunner().invoke(app, ["export", fmt, "--out", str(out), "--db", url])


@pytest.fixture
def kb(engine, sqlite_url):
    """The graph test KB and what it holds, counted from the tables themselves."""
    load_graph_kb(engine)
    with session_scope(engine) as s:
        count = lambda q: s.exec(q).one()  # noqa: E731
        facts = dict(s.exec(select(Fact.kind, func.count()).group_by(Fact.kind)).all())
        counts = {"entities": count(select(func.count()).select_from(Entity)),
                  "documents": count(select(func.count()).select_from(Document)),
                  "commitments": facts["commitment"], "findings": facts["finding"],
                  "laws": len(queries.laws(s))}
    counts["nodes"] = counts["entities"] + counts["documents"] + counts["commitments"] + counts["findings"]
    assert counts["laws"] == 1 and counts["commitments"] == 2
    return sqlite_url, counts


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _edge_count(url: str, tmp_path: Path) -> int:
    assert _export("csv", tmp_path / "count", url).exit_code == 0
    return len(_rows(tmp_path / "count" / "edges.csv"))


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_read_back_with_the_kb_counts_and_titles_unchanged(kb, tmp_path, fmt, read):
    url, counts = kb
    out = tmp_path / f"kb.{fmt}"
    result = _export(fmt, out, url)
    assert result.exit_code == 0, result.output
    g = read(out)
    assert g.number_of_nodes() == counts["nodes"]
    assert g.number_of_edges() == _edge_count(url, tmp_path) > counts["nodes"]
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert TITLE in labels and "=1+1 Ordinance 42" in labels
    relation = "type" if fmt == "graphml" else "relation"
    works = [d for _, _, d in g.edges(data=True) if d.get(relation) == "works_for"]
    assert works and works[0]["role"] == "chief executive" and "Dana Whitfield" in works[0]["evidence"]
    assert not list(tmp_path.glob(".kb.*"))  # no temporary file left beside it


def test_csv_directory_has_graph_and_fact_tables_with_citations(kb, tmp_path):
    url, counts = kb
    out = tmp_path / "csv"
    out.mkdir()
    (out / "nodes.csv").write_text("from an earlier export\n")
    result = _export("csv", out, url)
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob(".csv*"))  # no temporary directory left beside it
    assert sorted(p.name for p in out.iterdir()) == ["commitments.csv", "edges.csv", "findings.csv",
                                                      "laws.csv", "nodes.csv"]
    nodes = _rows(out / "nodes.csv")
    assert len(nodes) == counts["nodes"] and TITLE in {n["label"] for n in nodes}
    # a title a spreadsheet would run as a formula opens as text
    assert "'=1+1 Ordinance 42" in {n["label"] for n in nodes}
    assert not [v for r in nodes + _rows(out / "laws.csv") for v in r.values() if v.startswith("=")]
    ids = {n["id"] for n in nodes}
    edges = _rows(out / "edges.csv")
    assert all(e["source"] in ids and e["target"] in ids and e["evidence"] for e in edges)
    for table in ("commitments", "findings", "laws"):
        assert len(_rows(out / f"{table}.csv")) == counts[table]
    assert "misidentified\x0cdarker-skinned" in _rows(out / "findings.csv")[0]["quote"]  # CSV keeps the text as is
    commitments = {r["actor"]: r for r in _rows(out / "commitments.csv")}
    assert commitments["Springfield"]["kind"] == "measure" and commitments["Acme Vision"]["kind"] == "commitment"
    assert commitments["Acme Vision"]["title"] == TITLE
    assert commitments["Acme Vision"]["url"] == "http://127.0.0.1/pause"
    assert commitments["Acme Vision"]["quote"].startswith("Acme Vision paused sales")


def test_neo4j_layout_has_typed_headers_and_the_import_command(kb, tmp_path):
    url, counts = kb
    out = tmp_path / "neo4j"
    result = _export("neo4j", out, url)
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full" in result.output
    ids, node_rows = set(), 0
    for name in ("entities", "documents", "commitments", "findings"):
        with open(out / f"{name}_header.csv", newline="") as fh:
            header = next(csv.reader(fh))
        assert header[:2] == ["id:ID", ":LABEL"]
        with open(out / f"{name}.csv", newline="", encoding="utf-8") as fh:
            rows = [dict(zip(header, r)) for r in csv.reader(fh)]
        node_rows += len(rows)
        ids |= {r["id:ID"] for r in rows}
        if name == "documents":
            assert TITLE in {r["label:string"] for r in rows}
    assert node_rows == counts["nodes"]
    with open(out / "relationships_header.csv", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"] and "mentions:long" in header
    with open(out / "relationships.csv", newline="", encoding="utf-8") as fh:
        rels = [dict(zip(header, r)) for r in csv.reader(fh)]
    assert len(rels) == _edge_count(url, tmp_path)
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    assert "WORKS_FOR" in {r[":TYPE"] for r in rels}
    assert str(out / "relationships.csv") in (out / "README.txt").read_text()


def test_xlsx_has_a_sheet_per_table_with_links_and_text_kept_as_text(kb, tmp_path):
    url, counts = kb
    out = tmp_path / "kb.xlsx"
    result = _export("xlsx", out, url)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Commitments", "Measures", "Findings", "Laws"]
    sheets = {ws.title: [[c for c in row] for row in ws.iter_rows()] for ws in book}
    data = {name: [{h.value: c for h, c in zip(rows[0], row)} for row in rows[1:]] for name, rows in sheets.items()}
    assert len(data["Commitments"]) + len(data["Measures"]) == counts["commitments"]
    assert len(data["Findings"]) == counts["findings"] and len(data["Laws"]) == counts["laws"]
    pause = data["Commitments"][0]
    assert pause["title"].value == TITLE
    assert pause["url"].hyperlink.target == "http://127.0.0.1/pause"
    finding = data["Findings"][0]
    assert finding["title"].value == "=1+1 Ordinance 42" and finding["title"].data_type == "s"


def test_export_never_overwrites_what_is_not_an_export_and_fails_in_one_line(kb, tmp_path):
    url, _ = kb
    taken = tmp_path / "taken"
    taken.write_text("keep me")
    result = _export("csv", taken, url)
    assert result.exit_code == 1 and "is a file" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert taken.read_text() == "keep me"
    assert _export("xlsx", tmp_path, url).exit_code == 1
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "draft.txt").write_text("an analyst's notes")
    refused = _export("neo4j", mine, url)
    assert refused.exit_code == 1 and "holds other files (draft.txt)" in refused.output
    assert [p.name for p in mine.iterdir()] == ["draft.txt"]
