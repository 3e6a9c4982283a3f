"""frt: track who promised what about face recognition, which laws exist where, and what
audits found, with citations.

The Typer app; each command is a thin layer over a library function (commands/ modules).
"""

from __future__ import annotations

import typer

from commands import crawl, db, demo, doc, extract, graph, judge, query, sources, watch
from commands import search as search_cmd
from commands import entity as entity_cmd
from commands import serve as serve_cmd
from commands import export as export_cmd
from commands import report as report_cmd

app = typer.Typer(
    name="frt",
    help="Track face recognition policy: vendor commitments, laws and bans, audit findings, "
         "each with its citation.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="markdown",  # docstring paragraphs reflow to the terminal width
    context_settings={"help_option_names": ["-h", "--help"]},
)

demo.register(app)
crawl.register(app)
extract.register(app)
query.register(app)
report_cmd.register(app)
sources.register(app)
doc.register(app)
watch.register(app)
search_cmd.register(app)
entity_cmd.register(app)
serve_cmd.register(app)
export_cmd.register(app)
app.add_typer(db.app, name="db")
app.add_typer(judge.app, name="judge")
app.add_typer(graph.app, name="graph")

if __name__ == "__main__":
    app()
