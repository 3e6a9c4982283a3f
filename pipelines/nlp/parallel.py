"""Extraction on several cores: :class:`ParallelExtractor` (issue 12, point 6).

Worker processes (``spawn``: safe beside the threads of a progress bar or a database
driver) each build one :class:`~pipelines.nlp.extractor.Extractor` when they start and keep
it; the parent sends them small groups of ``(text, date, hints)`` items and yields their
results in input order. Results are those of the one-process extractor: each item goes
through the same pipeline, whole, in one worker.

Why not spaCy's ``nlp.pipe(n_process=N)``: it sends every Doc back to the parent
serialised (tokens, vectors of the parsed candidate sentences, the ``user_data`` holding
frt's extension values: dates and sets that msgpack does not carry), and the parent would
still turn each Doc into a result (the relation patterns, the offset shifts) on one core.
Here workers send back the finished result dicts, which are small, and the parent only
orders them.

Small jobs (fewer than ``min_documents`` items) do not start the pool: the one-process
extractor does them in this process.

Example:
    >>> with ParallelExtractor(workers=2) as ex:                       # doctest: +SKIP
    ...     results = list(ex.extract_many([(text, date, hints), ...]))
"""

from __future__ import annotations

import collections
import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
import multiprocessing
import multiprocessing.connection
import threading

from .version import EXTRACTOR_VERSION

ENV_VAR = "FRT_WORKERS"
MAX_DEFAULT_WORKERS = 2  # each worker holds a model (~0.4 GB); issue 12 caps a stage at 1.5 GB
MIN_DOCUMENTS = 50  # fewer documents: one process (a pool starts in 3-6 s; ~50 documents of
# ~400 words take ~5 s on one core)
TASK_CHARS = 5_000  # characters sent to a worker at once (one or more documents)
TASKS_PER_WORKER = 4  # tasks in flight per worker: keeps workers busy, bounds memory


class WorkerError(RuntimeError):
    """An extraction worker failed (died, or raised); the message is one line."""


def usable_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """``FRT_WORKERS`` if set, else the usable cores, at most :data:`MAX_DEFAULT_WORKERS`.

    Raises:
        ValueError: when ``FRT_WORKERS`` is not a positive integer.
    """
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        return check_workers(value, f"{ENV_VAR}")
    return max(1, min(usable_cores(), MAX_DEFAULT_WORKERS))


def check_workers(value: int | str, what: str = "workers") -> int:
    """``value`` as a positive worker count.

    Raises:
        ValueError: with a one-line reason.
    """
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a positive integer, got {value!r}") from None
    if n < 1:
        raise ValueError(f"{what} must be a positive integer, got {value!r}")
    return n


def _build_extractor(model: str | None, decider: str | None):
    from .extractor import Extractor

    return Extractor(model=model, decider=decider)


# ---- worker side -------------------------------------------------------------------------

_worker_extractor = None
# Run once in each new worker: the first texts load what the pipeline loads lazily (date
# parsing, the decider), seconds that would otherwise land on the first tasks.
WARM_UP = ("On Wednesday, Amazon said it would put a one-year moratorium on police use of its "
           "face recognition software. An audit found that the classifier misidentified "
           "darker-skinned women 34.7% of the time, compared with 0.8% for lighter-skinned men.")


def _init_worker(factory: Callable[[], object]) -> None:
    global _worker_extractor
    _exit_with_parent()
    _worker_extractor = factory()
    list(_worker_extractor.extract_many([(WARM_UP, "2020-06-11", None)]))


def _exit_with_parent() -> None:
    """End this worker when its parent dies (SIGKILL, out of memory): the pool's queues
    would otherwise keep it waiting for work forever, holding a model in memory."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="frt-parent-watch", daemon=True).start()


def _run_task(items: list[tuple], batch_size: int) -> list[dict]:
    return list(_worker_extractor.extract_many(items, batch_size=batch_size))


def _run_pieces(pieces: list[tuple], batch_size: int) -> list[dict]:
    return list(_worker_extractor.extract_pieces(pieces, batch_size=batch_size))


# ---- parent side -------------------------------------------------------------------------

class ParallelExtractor:
    """The :class:`~pipelines.nlp.extractor.Extractor` interface (``version``,
    ``extract``, ``extract_many``) over ``workers`` processes.

    Args:
        workers: worker processes; None reads ``FRT_WORKERS`` (default: the usable cores,
            at most 2). With 1, everything runs in this process (today's path).
        model, decider: as for ``Extractor`` (None: the environment variables, which the
            workers inherit).
        min_documents: under this many documents in a job, work in this process. A job is
            what :meth:`expect` announced, else one ``extract_many`` call.
        factory: builds each worker's extractor (picklable; default ``Extractor(model,
            decider)``); for tests.
    """

    version = EXTRACTOR_VERSION

    def __init__(self, workers: int | None = None, model: str | None = None, decider: str | None = None,
                 *, min_documents: int = MIN_DOCUMENTS, task_chars: int = TASK_CHARS,
                 factory: Callable[[], object] | None = None, version: str | None = None) -> None:
        self.workers = default_workers() if workers is None else check_workers(workers)
        self.min_documents = min_documents
        self.task_chars = task_chars
        self._factory = factory or functools.partial(_build_extractor, model, decider)
        if version is not None:
            self.version = version
        self._expected: int | None = None
        self._local = None
        self._pool: ProcessPoolExecutor | None = None
        self._broken: str | None = None
        self.pool_used = False  # whether any work went to worker processes

    # -- planning --

    def expect(self, documents: int) -> None:
        """Announce how many documents the whole job holds (over all ``extract_many``
        calls), so a small job stays in one process and a large one starts the pool at once."""
        self._expected = documents

    @property
    def parallel(self) -> bool:
        """True once the worker pool is running."""
        return self._pool is not None

    def _use_pool(self, buffered: int) -> bool:
        if self.workers < 2:
            return False
        if self._pool is not None:
            return True
        if self._expected is not None:
            return self._expected >= self.min_documents
        return buffered >= self.min_documents

    # -- extraction --

    def extract(self, text: str, document_date=None, hints: dict | None = None) -> dict:
        """One text (always in this process: one document never starts the pool)."""
        return next(self._local_extractor().extract_many([(text, document_date, hints)]))

    def extract_many(self, items: Iterable[tuple], batch_size: int = 32) -> Iterator[dict]:
        """Yield one result per ``(text, document_date[, hints])`` item, in input order,
        the same results as ``Extractor.extract_many``.

        Raises:
            WorkerError: a worker died or raised (one-line message); the pool is closed.
        """
        if self._broken:
            raise WorkerError(self._broken)
        iterator = iter(items)
        head = list(itertools.islice(iterator, self.min_documents))
        if not self._use_pool(len(head)):
            yield from self._local_extractor().extract_many(itertools.chain(head, iterator),
                                                            batch_size=batch_size)
            return
        yield from self._pooled(itertools.chain(head, iterator), batch_size)

    def extract_long(self, text: str, document_date=None, hints: dict | None = None) -> dict:
        """One text; a text long enough to stream (``chunking.MAX_CHARS``) is shared by the
        workers piece by piece, then merged: the result :meth:`extract` gives, sooner.

        Raises:
            WorkerError: a worker died or raised (one-line message); the pool is closed.
        """
        from .chunking import split_text
        from .extractor import merge_pieces

        chunks = split_text(text or "")
        if self.workers < 2 or len(chunks) < 2:
            return self.extract(text, document_date, hints)
        if self._broken:
            raise WorkerError(self._broken)
        pieces = [(chunk, offset, document_date, hints) for offset, chunk in chunks]
        per_task = max(1, self.task_chars * 4 // max(1, max(len(c) for _, c in chunks)))
        tasks = (pieces[at:at + per_task] for at in range(0, len(pieces), per_task))
        parts = list(self._in_order(_run_pieces, tasks, 32))
        return merge_pieces(parts, document_date)

    def _local_extractor(self):
        if self._local is None:
            self._local = self._factory()
        return self._local

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=_init_worker, initargs=(self._factory,))
            self.pool_used = True
        return self._pool

    def _tasks(self, items: Iterator[tuple]) -> Iterator[list[tuple]]:
        task, chars = [], 0
        for item in items:
            task.append(tuple(item))
            chars += len(item[0] or "")
            if chars >= self.task_chars:
                yield task
                task, chars = [], 0
        if task:
            yield task

    def _pooled(self, items: Iterator[tuple], batch_size: int) -> Iterator[dict]:
        return self._in_order(_run_task, self._tasks(items), batch_size)

    def _in_order(self, run: Callable[[list[tuple], int], list[dict]], tasks: Iterable[list[tuple]],
                  batch_size: int) -> Iterator[dict]:
        """The results of ``run(task, batch_size)`` on the workers, task by task in order, with
        at most TASKS_PER_WORKER tasks in flight per worker."""
        pool = self._start()
        in_flight: collections.deque[Future] = collections.deque()
        limit = self.workers * TASKS_PER_WORKER
        try:
            for task in tasks:
                try:
                    in_flight.append(pool.submit(run, task, batch_size))
                except BrokenProcessPool as exc:  # a worker died before this task was sent
                    raise self._fail(exc) from None
                if len(in_flight) >= limit:
                    yield from self._result(in_flight.popleft())
            while in_flight:
                yield from self._result(in_flight.popleft())
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise

    def _result(self, future: Future) -> list[dict]:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise self._fail(exc) from None
        except Exception as exc:  # noqa: BLE001 - the worker's exception, as one line
            raise self._fail(exc) from None

    def _fail(self, exc: BaseException) -> WorkerError:
        if isinstance(exc, BrokenProcessPool):
            reason = "a worker process died (killed, out of memory, or its extractor failed to load)"
        else:
            text = " ".join(str(exc).split())
            reason = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
        self._broken = f"extraction worker failed: {reason}"
        self.close()
        return WorkerError(self._broken)

    # -- lifetime --

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParallelExtractor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_extractor(workers: int | None = None, model: str | None = None, decider: str | None = None):
    """An ``Extractor`` for ``workers == 1`` (today's one-process path), else a
    :class:`ParallelExtractor` (``workers`` None: ``FRT_WORKERS``, else the usable cores, at
    most 2)."""
    n = default_workers() if workers is None else check_workers(workers)
    if n == 1:
        return _build_extractor(model, decider)
    return ParallelExtractor(n, model, decider)
