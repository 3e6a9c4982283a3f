"""`frt extract --all`: re-extract the knowledge base (only what changed), with a progress bar."""

from __future__ import annotations

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from rich.console import Console

from commands.common import console, fail
from kb.database import make_engine
from kb.extract import ExtractStats, extract_all


def extract_knowledge_base(db: str | None, force: bool = False, quiet: bool = False,
                           workers: int | None = None) -> ExtractStats:
    """Run the extractor over every document whose text hash or extractor version changed
    (every document with ``force``), print a progress bar and a one-line summary (nothing
    with ``quiet``: the caller prints JSON).

    ``workers``: extraction processes (None: ``FRT_WORKERS``, else the usable cores, at most
    2; 1: in this process). A job of few documents stays in this process whatever the count.
    """
    from pipelines.nlp.parallel import ParallelExtractor, WorkerError, make_extractor

    out = Console(stderr=True, quiet=True) if quiet else console
    try:
        extractor = make_extractor(workers)
    except ValueError as exc:  # FRT_WORKERS is not a positive integer
        raise fail(str(exc)) from None
    planned = isinstance(extractor, ParallelExtractor)
    engine = make_engine(db, create=False)

    def on_progress(done: int, total: int) -> None:
        if planned and done == 0:
            extractor.expect(total)  # the job's size decides: one process, or the pool
        progress.update(task, completed=done, total=total)

    try:
        with Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=out) as progress:
            task = progress.add_task("extract", total=None)
            stats = extract_all(engine, extractor, force=force, on_progress=on_progress)
    except WorkerError as exc:
        raise fail(str(exc)) from None
    finally:
        if planned:
            extractor.close()
        engine.dispose()
    c = stats.counts
    how = f", {extractor.workers} worker processes" if planned and extractor.pool_used else ""
    out.print(f"extracted {stats.documents} documents ({stats.skipped} unchanged, skipped) "
              f"with {extractor.version}{how}: {c['commitments']} commitments, "
              f"{c['findings']} findings, {c['mentions']} entity mentions", highlight=False)
    return stats
