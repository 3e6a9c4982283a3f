"""`frt extract --all`: re-extract the knowledge base (only what changed), with a progress bar."""

from __future__ import annotations

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from rich.console import Console

from commands.common import console
from kb.database import make_engine
from kb.extract import ExtractStats, extract_all


def extract_knowledge_base(db: str | None, force: bool = False, quiet: bool = False) -> ExtractStats:
    """Run the extractor over every document whose text hash or extractor version changed
    (every document with ``force``), print a progress bar and a one-line summary (nothing
    with ``quiet``: the caller prints JSON)."""
    from pipelines.nlp import Extractor

    out = Console(stderr=True, quiet=True) if quiet else console
    engine = make_engine(db, create=False)
    extractor = Extractor()
    with Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=out) as progress:
        task = progress.add_task("extract", total=None)
        stats = extract_all(engine, extractor, force=force,
                            on_progress=lambda done, total: progress.update(
                                task, completed=done, total=total))
    engine.dispose()
    c = stats.counts
    out.print(f"extracted {stats.documents} documents ({stats.skipped} unchanged, skipped) "
              f"with {extractor.version}: {c['commitments']} commitments, "
              f"{c['findings']} findings, {c['mentions']} entity mentions", highlight=False)
    return stats
