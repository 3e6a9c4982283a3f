"""The crawl, sources, doc and watch commands on their own Typer app, so tests can run them in a
subprocess (a crawl needs a fresh process) whether or not cli.py registers them yet.

    python -m tests.crawler.cli_app crawl fixture_pdf --sources-dir ... --base-url ...
"""

import typer

from commands import crawl, doc, sources, watch

app = typer.Typer(no_args_is_help=True, pretty_exceptions_show_locals=False)
crawl.register(app)
doc.register(app)
sources.register(app)
watch.register(app)

if __name__ == "__main__":
    app()
