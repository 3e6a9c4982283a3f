"""`frt graph ...`: the knowledge graph for other tools."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer

from commands.common import DbOption, FormatOption, OutputFormat, emit, user_errors
from kb.database import make_engine, session_scope
from kb.graph import build_graph, most_central

app = typer.Typer(help="Export or inspect the knowledge graph.", no_args_is_help=True)


class GraphFormat(StrEnum):
    graphml = "graphml"
    json = "json"


@app.command("export")
@user_errors
def export(out: Annotated[Path, typer.Argument(help="File to write.")],
           fmt: Annotated[GraphFormat, typer.Option("--format", "-f")] = GraphFormat.graphml,
           db: DbOption = None) -> None:
    """Write the graph as GraphML (Gephi, yEd) or node-link JSON.

    Example: frt graph export kb.graphml
    """
    with session_scope(make_engine(db, create=False)) as s:
        g = build_graph(s)
    if fmt == GraphFormat.graphml:
        nx.write_graphml(g, out)
    else:
        out.write_text(json.dumps(nx.node_link_data(g, edges="edges"), indent=1, default=str))
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
