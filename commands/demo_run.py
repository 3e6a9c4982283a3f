"""The whole pipeline on the bundled demo web: serve, crawl, extract, store, report.

Used by ``frt demo`` (commands/demo.py). It sits with the commands because it drives every
layer below them (crawler, pipelines, kb, reports). The demo sites are served on 127.0.0.1
by this process; nothing is fetched from outside. Without ``--db`` the knowledge base is
built fresh in a temporary file and moved into place only when every stage succeeded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crawler.demo_site.server import serve
from crawler.registry import load_sources
from kb.database import make_engine, resolve_url
from kb.errors import KBError
from kb.extract import ExtractStats, extract_all
from reports.write import write_all

DEMO_SOURCES = Path(__file__).resolve().parent.parent / "crawler" / "demo_site" / "sources"
DEMO_DB_NAME = "frt-demo.db"


@dataclass
class DemoResult:
    db_url: str
    crawl: object
    extract: ExtractStats
    files: list[Path] = field(default_factory=list)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run_demo(out_dir: Path, db: str | None = None, *,
             on_crawl_event: Callable[[str, str, dict], None] | None = None,
             on_extract_progress: Callable[[int, int], None] | None = None,
             extractor=None) -> DemoResult:
    """Run the demo pipeline and write the reports into ``out_dir``.

    Args:
        out_dir: where the reports (and, without ``db``, the fresh knowledge base) go.
        db: an existing knowledge base to add to (SQLAlchemy URL or path) instead.
        on_crawl_event: progress callback of ``crawler.runner.run_crawl``.
        on_extract_progress: called with (done, total) during extraction.
        extractor: a ``pipelines.nlp.Extractor`` (built here when None).
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KBError(f"cannot create output directory {out_dir}: {exc.strerror}") from exc
    final = out_dir / DEMO_DB_NAME
    building = out_dir / f".{DEMO_DB_NAME}.building"
    if db is None:
        _remove_sqlite(building)
    target = db if db is not None else str(building)
    engine = make_engine(target)
    db_url = engine.url.render_as_string(hide_password=False)
    from crawler.runner import run_crawl  # imported late: a bad --db fails fast
    from pipelines.nlp import Extractor

    with serve() as base_url:
        sources = list(load_sources(DEMO_SOURCES, base_url=base_url).values())
        crawl = run_crawl(sources, db_url, on_event=on_crawl_event)
    stats = extract_all(engine, extractor or Extractor(), on_progress=on_extract_progress)
    files = write_all(engine, out_dir)
    engine.dispose()
    if db is None:
        _remove_sqlite(final)
        os.replace(building, final)
        _remove_sqlite(building)
        db_url = resolve_url(str(final))
    return DemoResult(db_url=db_url, crawl=crawl, extract=stats, files=files)
