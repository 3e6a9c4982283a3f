"""`frt graph ...`: the knowledge graph for other tools, and walks over it with evidence."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer

from commands.common import DbOption, FormatOption, OutputFormat, emit, user_errors
from kb.database import make_engine, session_scope
from kb.export import atomic_file, safe_graph, write_graphml
from kb.graph import build_graph, most_central, neighbours, path
from kb.profile import find_entity

app = typer.Typer(help="Export or inspect the knowledge graph.", no_args_is_help=True)

TypeOption = Annotated[str | None, typer.Option(
    "--type", help="Entity type when several share the name (VENDOR, PERSON, ...); else the "
    "most mentioned.", show_default=False)]
EDGE_COLUMNS = ["source", "type", "role", "target", "evidence", "document", "url"]


def _columns(first: str, fmt: OutputFormat) -> list[str]:
    """The table leaves the URL to JSON and CSV: a terminal is too narrow for it."""
    return [first, *(c for c in EDGE_COLUMNS if fmt != OutputFormat.table or c != "url")]


class GraphFormat(StrEnum):
    graphml = "graphml"
    json = "json"


@app.command("export")
@user_errors
def export(out: Annotated[Path, typer.Argument(help="File to write.")],
           fmt: Annotated[GraphFormat, typer.Option("--format", "-f")] = GraphFormat.graphml,
           db: DbOption = None) -> None:
    """Write the graph as GraphML (Gephi, yEd) or node-link JSON.

    `frt export graphml|gexf|csv|neo4j|xlsx` has more formats.

    Example: frt graph export kb.graphml
    """
    with session_scope(make_engine(db, create=False)) as s:
        g = build_graph(s)
    if fmt == GraphFormat.graphml:
        write_graphml(g, out)
    else:
        with atomic_file(out) as tmp:
            tmp.write_text(json.dumps(nx.node_link_data(safe_graph(g), edges="edges"), indent=1,
                                      ensure_ascii=False), encoding="utf-8")
    typer.echo(f"wrote {out}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


@app.command("central")
@user_errors
def central(limit: int = 10, db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Entities ranked by how many facts connect to them.

    Example: frt graph central --limit 5
    """
    with session_scope(make_engine(db, create=False)) as s:
        rows = [{"entity": n, "centrality": c} for n, c in most_central(build_graph(s), limit=limit)]
    emit(rows, ["entity", "centrality"], fmt, "Most connected entities")


@app.command("neighbors")
@user_errors
def neighbors(name: Annotated[str, typer.Argument(help="Entity name or alias (any case).")],
              depth: Annotated[int, typer.Option(min=1, max=4, help="Steps away from the entity.")] = 1,
              type_: TypeOption = None,
              edge_type: Annotated[list[str] | None, typer.Option(
                  "--edge-type", help="Only these edge types (repeatable): works_for, uses, supplies, "
                  "made_by, mentioned_in, committed ...", show_default=False)] = None,
              db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Show what an entity is connected to, with evidence.

    One row per edge within --depth steps (either direction): its type (and a
    person's role), the entity or fact at the other end, the quote that states it
    and the document it comes from. Names and aliases match in any case (as in
    `frt entity`); an unknown name gets close suggestions.

    Example: frt graph neighbors "Arvind Krishna" --depth 2
    """
    with session_scope(make_engine(db, create=False)) as s:
        g = build_graph(s)
        node = f"entity:{find_entity(s, name, type_).id}"
    rows = neighbours(g, node, depth, set(edge_type) if edge_type else None)
    emit(rows, _columns("depth", fmt), fmt, f"Within {depth} step(s) of {g.nodes[node]['label']}")


@app.command("path")
@user_errors
def path_cmd(a: Annotated[str, typer.Argument(help="First entity (name or alias).")],
             b: Annotated[str, typer.Argument(help="Second entity (name or alias).")],
             a_type: Annotated[str | None, typer.Option(
                 "--a-type", help="Type of the first entity when several share its name.", show_default=False)] = None,
             b_type: Annotated[str | None, typer.Option(
                 "--b-type", help="Type of the second entity when several share its name.", show_default=False)] = None,
             via_documents: Annotated[bool, typer.Option(
                 "--via-documents", help="Also step through documents that mention both.")] = False,
             db: DbOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Show the shortest chain of edges between two entities.

    Each step with its edge type, evidence quote and document. Steps go through
    entities and facts (commitments, findings); --via-documents also allows two
    entities named in one document.

    Example: frt graph path "Actionable Auditing" Amazon
    """
    with session_scope(make_engine(db, create=False)) as s:
        g = build_graph(s)
        start, end = (f"entity:{find_entity(s, n, t).id}" for n, t in ((a, a_type), (b, b_type)))
    rows = path(g, start, end, via_documents)
    emit(rows, _columns("step", fmt), fmt, f"{g.nodes[start]['label']} to {g.nodes[end]['label']}")
