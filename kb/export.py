"""Exports for the tools analysts use: GraphML and GEXF (Gephi, yEd, Cytoscape), CSV, the
neo4j-admin import layout and an Excel workbook. Every file is written aside and moved into
place only when complete, so a failed export never leaves half a file behind.

The graph formats take :func:`kb.graph.build_graph`; the tables (commitments and measures,
findings, laws) are the facts ``frt commitments``, ``frt findings`` and ``frt laws`` list, each
row with its quote, document and URL.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
from sqlmodel import Session, select

from kb import queries
from kb.errors import KBError
from kb.judgements import fact_judgements
from kb.models import Commitment, Entity

GOVERNMENT_TYPES = {"JURISDICTION", "LEGISLATURE", "AGENCY"}
GOVERNMENT_SOURCES = {"legislature", "regulator"}
CITATION = ["quote", "title", "url", "fetched_at", "citations"]
TABLES = {
    "commitments": ["id", "kind", "actor", "action", "scope", "product", "start", "end", "status", "law",
                    "target", "condition", "n_reports", *CITATION],
    "findings": ["id", "study", "system", "vendor", "metric", "value", "unit", "group", "comparison_group",
                 "comparison_value", "dataset", "n_reports", *CITATION],
    "laws": ["identifier", "jurisdiction", "stage", "enacted", "effective", "status", "stage_history",
             "title", "url", "fetched_at"],
}
# GEXF gives these attribute names a meaning of its own (edge direction, time spans, layout)
GEXF_RESERVED = {"type": "relation", "start": "start_date", "end": "end_date", "weight": "weight_value",
                 "id": "record_id", "pid": "parent_id", "viz": "viz_value"}


XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_value(value: Any, xml: bool = True) -> str | int | float | bool | None:
    """A value every export format can hold: numbers and booleans as they are, lists and
    dicts as JSON, anything else as text; for XML formats without the characters XML forbids
    (a PDF's form feed)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set, dict)):
        value = json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False, default=str)
    elif not isinstance(value, str):
        value = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return XML_ILLEGAL.sub("", value) if xml else value


def safe_attrs(items, renames: dict[str, str] | None = None) -> list[tuple[Any, dict[str, Any]]]:
    """(id, attributes) pairs with clean values, None left out, renamed keys, and every
    attribute name that holds values of more than one type turned into text."""
    renames = renames or {}
    out = [(i, {renames.get(k, k): v for k, raw in d.items() if (v := clean_value(raw)) is not None})
           for i, d in items]
    kinds: dict[str, set[type]] = {}
    for _, d in out:
        for k, v in d.items():
            kinds.setdefault(k, set()).add(type(v))
    mixed = {k for k, t in kinds.items() if len(t) > 1}
    for _, d in out:
        for k in mixed & set(d):
            d[k] = str(d[k])
    return out


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, moved onto it when the block ends without error."""
    path = Path(path)
    if path.is_dir():
        raise KBError(f"{path} is a directory; give a file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; the export is an ordinary file
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def atomic_dir(path: Path, names: set[str]) -> Iterator[Path]:
    """A temporary directory beside ``path`` that replaces it when the block ends without
    error. An existing ``path`` is replaced only when it holds nothing but ``names`` (an
    earlier export), so a mistyped path never deletes anyone's files."""
    path = Path(path).resolve()
    if path.exists() and not path.is_dir():
        raise KBError(f"{path} is a file; give a directory")
    foreign = sorted(p.name for p in path.iterdir() if p.name not in names) if path.exists() else []
    if foreign:
        raise KBError(f"{path} holds other files ({', '.join(foreign[:3])}); give a new or empty "
                      "directory, or an earlier export of the same format")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    os.chmod(tmp, 0o777 & ~_umask())
    try:
        yield tmp
        old = path.with_name(f".{path.name}.old-{os.getpid()}")
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def safe_graph(g: nx.MultiDiGraph, renames: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """A copy whose attribute values GraphML and GEXF can hold: no None (left out), lists and
    dicts as JSON, text without XML-illegal characters, one type per attribute name."""
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, d) for n, d in safe_attrs(g.nodes(data=True), renames))
    edges = list(g.edges(keys=True, data=True))
    cleaned = safe_attrs(((i, d) for i, (*_, d) in enumerate(edges)), renames)
    for (u, v, k, _), (_, d) in zip(edges, cleaned):
        out.add_edge(u, v, key=str(k), **d)
    return out


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    with atomic_file(path) as tmp:
        nx.write_graphml(safe_graph(g), tmp)


def write_gexf(g: nx.MultiDiGraph, path: Path) -> None:
    h = safe_graph(g, GEXF_RESERVED)
    for _, _, d in h.edges(data=True):
        d["label"] = d.get("relation", "")  # Gephi shows an edge's label
    with atomic_file(path) as tmp:
        nx.write_gexf(h, tmp)


def table_rows(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Commitments and measures (``kind``), findings and laws, one row per fact, with citations."""
    judged = fact_judgements(session)
    types = dict(session.exec(select(Commitment.actor, Entity.type).join(Entity, Entity.id == Commitment.actor_id)
                              .distinct()).all())
    commitments = queries.group_commitments(queries.commitments(session), judged)
    for c in commitments:
        government = bool(c.get("law")) or c.get("source_kind") in GOVERNMENT_SOURCES \
            or types.get(c.get("actor") or "") in GOVERNMENT_TYPES
        c["kind"] = "measure" if government else "commitment"
    findings = queries.group_findings(queries.findings(session), judged)
    for row in commitments + findings:
        row["citations"] = " ".join(dict.fromkeys(r["url"] for r in row["reports"] if r.get("url")))
    laws = queries.laws(session)
    for law in laws:
        law["stage_history"] = "; ".join(f"{e['stage']} {e['date'] or ''}".strip() for e in law["stages"])
    return {"commitments": commitments, "findings": findings, "laws": laws}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> Any:
    """A text a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM(...)") gets a
    leading apostrophe, so it opens as the text it is (OWASP's advice on CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if (v := clean_value(row.get(c), xml=False)) is None else spreadsheet_text(v)
                             for c in columns])


def graph_tables(g: nx.MultiDiGraph) -> tuple[list[str], list[dict], list[str], list[dict]]:
    """Node and edge rows of the graph: (node columns, nodes, edge columns, edges)."""
    nodes = [{"id": n, **d} for n, d in g.nodes(data=True)]
    edges = [{"source": u, "target": v, "key": k, **d} for u, v, k, d in g.edges(keys=True, data=True)]
    node_cols = ["id", "kind", "type", "label"]
    edge_cols = ["source", "target", "key", "type", "role", "evidence", "document"]
    for cols, rows in ((node_cols, nodes), (edge_cols, edges)):
        cols += sorted({k for r in rows for k in r} - set(cols))
    return node_cols, nodes, edge_cols, edges


def write_csv_dir(session: Session, g: nx.MultiDiGraph, path: Path) -> list[str]:
    """nodes.csv, edges.csv, commitments.csv, findings.csv and laws.csv in directory ``path``."""
    node_cols, nodes, edge_cols, edges = graph_tables(g)
    with atomic_dir(path, {"nodes.csv", "edges.csv"} | {f"{name}.csv" for name in TABLES}) as tmp:
        _write_csv(tmp / "nodes.csv", node_cols, nodes)
        _write_csv(tmp / "edges.csv", edge_cols, edges)
        for name, rows in table_rows(session).items():
            _write_csv(tmp / f"{name}.csv", TABLES[name], rows)
        return sorted(p.name for p in tmp.iterdir())


NEO4J_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
NEO4J_NODE_FILES = {"entity": "entities", "document": "documents", "commitment": "commitments",
                    "finding": "findings"}
NEO4J_COMMAND = ("neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true "
                 + " ".join(f"--nodes={{dir}}/{n}_header.csv,{{dir}}/{n}.csv" for n in NEO4J_NODE_FILES.values())
                 + " --relationships={dir}/relationships_header.csv,{dir}/relationships.csv")


def _neo4j_files(path: Path, name: str, fixed: list[str], rows: list[dict[str, Any]]) -> None:
    """``name_header.csv`` (``:ID``/``:LABEL`` or ``:START_ID``/``:END_ID``/``:TYPE`` then
    typed properties) and ``name.csv`` (the rows)."""
    cleaned = [d for _, d in safe_attrs(enumerate(rows))]
    props = sorted({k for d in cleaned for k in d} - set(fixed))
    types = {k: NEO4J_TYPES[type(next(d[k] for d in cleaned if k in d))] for k in props}
    with open(path / f"{name}_header.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(fixed + [f"{k}:{types[k]}" for k in props])
    with open(path / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        for d in cleaned:
            writer.writerow([d.get(k, "") for k in fixed + props])


def _label(text: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def write_neo4j(g: nx.MultiDiGraph, path: Path) -> str:
    """The graph as CSV files in the neo4j-admin import layout; returns the import command."""
    groups: dict[str, list[dict[str, Any]]] = {n: [] for n in NEO4J_NODE_FILES.values()}
    for n, d in g.nodes(data=True):
        labels = [_label(d["kind"])] + ([_label(d["type"])] if d.get("type") else [])
        groups[NEO4J_NODE_FILES[d["kind"]]].append({"id:ID": n, ":LABEL": ";".join(labels), **d})
    rels = [{":START_ID": u, ":END_ID": v, ":TYPE": d["type"].upper(),
             **{k: x for k, x in d.items() if k != "type"}} for u, v, d in g.edges(data=True)]
    names = [*NEO4J_NODE_FILES.values(), "relationships"]
    expected = {f"{n}{suffix}.csv" for n in names for suffix in ("", "_header")} | {"README.txt"}
    with atomic_dir(path, expected) as tmp:
        for name, rows in groups.items():
            _neo4j_files(tmp, name, ["id:ID", ":LABEL"], rows)
        _neo4j_files(tmp, "relationships", [":START_ID", ":END_ID", ":TYPE"], rels)
        command = NEO4J_COMMAND.format(dir=path.resolve())
        (tmp / "README.txt").write_text("Import into an empty Neo4j database (neo4j-admin 5.x):\n\n"
                                        f"{command}\n", encoding="utf-8")
    return command


SHEETS = {"Commitments": ("commitments", "commitment"), "Measures": ("commitments", "measure"),
          "Findings": ("findings", None), "Laws": ("laws", None)}


def write_xlsx(session: Session, path: Path) -> dict[str, int]:
    """Commitments, measures, findings and laws as sheets, each URL a hyperlink; returns the
    number of rows per sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    tables, counts = table_rows(session), {}
    book = Workbook()
    book.remove(book.active)
    for title, (table, kind) in SHEETS.items():
        columns = [c for c in TABLES[table] if c != "kind"]
        rows = [r for r in tables[table] if kind is None or r.get("kind") == kind]
        sheet = book.create_sheet(title)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i, row in enumerate(rows, start=2):
            for j, column in enumerate(columns, start=1):
                value = clean_value(row.get(column))
                cell = sheet.cell(row=i, column=j, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text that starts with "=" stays text, never a formula
                if column == "url" and value:
                    cell.hyperlink = value
                    cell.style = "Hyperlink"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        counts[title] = len(rows)
    with atomic_file(path) as tmp:
        book.save(tmp)
    return counts
