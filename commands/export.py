"""`frt export FORMAT --out PATH`: the knowledge base for Gephi, spreadsheets and Neo4j."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from commands.common import DbOption, user_errors
from kb import export as kb_export
from kb.database import make_engine, session_scope
from kb.graph import build_graph


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    neo4j = "neo4j"
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    @app.command("export")
    @user_errors
    def export(fmt: Annotated[ExportFormat, typer.Argument(
                   help="graphml or gexf (a file: Gephi, yEd, Cytoscape), csv (a directory: nodes, "
                   "edges, commitments, findings, laws), neo4j (a directory for neo4j-admin "
                   "import), xlsx (a workbook: commitments, measures, findings, laws).",
                   show_default=False, metavar="FORMAT")],
               out: Annotated[Path, typer.Option("--out", "-o", help="File (graphml, gexf, xlsx) or "
                                                 "directory (csv, neo4j) to write.", show_default=False)],
               db: DbOption = None) -> None:
        """Export the knowledge graph and facts for other tools.

        GraphML and GEXF hold the graph (entities, documents, facts and their typed
        edges, each with its evidence quote); csv writes nodes.csv, edges.csv and the
        facts with citations; neo4j writes header and data files for `neo4j-admin
        database import full` and prints the command; xlsx writes one sheet per table
        with links to the sources. The file or directory is replaced only when complete.

        Example: frt export xlsx --out frt.xlsx
        """
        with session_scope(make_engine(db, create=False)) as s:
            if fmt == ExportFormat.xlsx:
                counts = kb_export.write_xlsx(s, out)
                shown = ", ".join(f"{n} {name.lower()}" for name, n in counts.items())
                typer.echo(f"wrote {out}: {shown}")
                return
            g = build_graph(s)
            if fmt == ExportFormat.csv:
                kb_export.write_csv_dir(s, g, out)
        if fmt == ExportFormat.graphml:
            kb_export.write_graphml(g, out)
        elif fmt == ExportFormat.gexf:
            kb_export.write_gexf(g, out)
        elif fmt == ExportFormat.neo4j:
            command = kb_export.write_neo4j(g, out)
        typer.echo(f"wrote {out}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
        if fmt == ExportFormat.neo4j:
            typer.echo(f"import with: {command}")
