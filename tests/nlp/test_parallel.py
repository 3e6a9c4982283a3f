"""ParallelExtractor: the one-process results, in input order, from worker processes; a
failing worker is a one-line error, not a hang; small jobs stay in one process."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest

from pipelines.nlp import EXTRACTOR_VERSION, Extractor
from pipelines.nlp.parallel import (ParallelExtractor, WorkerError, check_workers, default_workers,
                                    make_extractor)
from tests.nlp.conftest import HAVE_MODEL

DATE = dt.date(2020, 6, 11)
TEXTS = [
    "On Wednesday, Amazon announced a one-year moratorium on police use of Rekognition.",
    "IBM no longer offers general purpose facial recognition or analysis software.",
    "The recipe calls for two cups of flour, a pinch of salt and 40 grams of butter.",
    "An audit found that the classifier misidentified darker-skinned women 34.7% of the time, "
    "compared with 0.8% for lighter-skinned men.",
    "",
    "Boston's city council voted on Wednesday to ban city agencies from using facial recognition.\n\n"
    "Microsoft will not sell facial recognition to police departments until Congress passes a "
    "federal law.",
    "False match rates were 10 to 100 times higher for Asian faces than for white faces in the "
    "2019 evaluation. " * 30,  # a longer text: finishes after the short ones behind it
    "Shares of the retailer rose 4.2% after quarterly revenue beat expectations.",
]


def _items(texts=TEXTS):
    return [(t, DATE, {"kind": "announcement", "actor": None, "title": None} if i % 3 == 0 else None)
            for i, t in enumerate(texts)]


def _within(seconds: float, fn):
    """Run ``fn`` in a thread; fail (instead of hanging the suite) if it takes longer."""
    box = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer within {seconds} s (hang)"
    if "error" in box:
        raise box["error"]
    return box["value"]


# Picklable extractor factories the spawned workers import from this module.

class _Fake:
    version = "fake/1"

    def extract_many(self, items, batch_size=32):
        for text, *_ in items:
            if text == "CRASH":
                os._exit(3)  # the worker dies without a word
            if text == "RAISE":
                raise ValueError("bad input\non two lines")
            yield {"text": text, "pid": os.getpid()}


def fake_factory():
    return _Fake()


def failing_factory():
    raise RuntimeError("no model here")


def test_rules_only_results_equal_one_process(rules_ex):
    texts = TEXTS * 4
    with ParallelExtractor(workers=2, model="none", min_documents=1, task_chars=200) as par:
        got = _within(180, lambda: list(par.extract_many(_items(texts))))
        assert par.pool_used
    assert got == list(rules_ex.extract_many(_items(texts)))


@pytest.mark.skipif(not HAVE_MODEL, reason="no spaCy model installed")
def test_model_results_equal_one_process(model_ex):
    from benchmarks.bench_extract import make_corpus

    texts = TEXTS + make_corpus(3000, seed=5)
    with ParallelExtractor(workers=2, model="auto", min_documents=1, task_chars=1500) as par:
        got = _within(300, lambda: list(par.extract_many(_items(texts))))
    want = list(model_ex.extract_many(_items(texts)))
    assert len(got) == len(texts)
    assert got == want
    for text, result in zip(texts, got):  # spans index into their own text
        assert all(text[e["start"]:e["end"]] == e["text"] for e in result["entities"])


def test_order_kept_across_workers():
    texts = [("word " * (2000 if i % 5 == 0 else 3)) + f"item{i}" for i in range(40)]
    with ParallelExtractor(workers=2, factory=fake_factory, min_documents=1, task_chars=50) as par:
        got = _within(120, lambda: list(par.extract_many((t, None) for t in texts)))
    assert [r["text"] for r in got] == texts


def test_worker_death_is_one_line_error_not_a_hang():
    texts = ["a", "b", "CRASH", "c", "d"] * 3
    par = ParallelExtractor(workers=2, factory=fake_factory, min_documents=1, task_chars=1)
    with pytest.raises(WorkerError) as info:
        _within(120, lambda: list(par.extract_many((t, None) for t in texts)))
    message = str(info.value)
    assert "\n" not in message and message.startswith("extraction worker failed:")
    assert not par.parallel  # pool closed
    with pytest.raises(WorkerError):  # and it stays failed
        list(par.extract_many([("a", None)]))


def test_worker_exception_is_one_line_error():
    par = ParallelExtractor(workers=2, factory=fake_factory, min_documents=1)
    with pytest.raises(WorkerError, match=r"ValueError: bad input on two lines$"):
        _within(120, lambda: list(par.extract_many([("a", None), ("RAISE", None)])))
    par.close()


def test_worker_that_cannot_load_is_one_line_error():
    par = ParallelExtractor(workers=2, factory=failing_factory, min_documents=1)
    with pytest.raises(WorkerError) as info:
        _within(120, lambda: list(par.extract_many([("a", None)] * 4)))
    assert "\n" not in str(info.value)


def test_small_job_stays_in_this_process():
    par = ParallelExtractor(workers=2, factory=fake_factory, min_documents=10)
    got = list(par.extract_many([(t, None) for t in "abc"]))
    assert [r["pid"] for r in got] == [os.getpid()] * 3
    assert not par.pool_used
    par.expect(100)  # a large job announced: the pool starts even for a short call
    got = _within(120, lambda: list(par.extract_many([(t, None) for t in "de"])))
    assert par.pool_used and {r["pid"] for r in got} != {os.getpid()}
    par.close()


def test_one_worker_is_the_plain_extractor(monkeypatch):
    monkeypatch.setenv("FRT_SPACY_MODEL", "none")
    assert isinstance(make_extractor(1), Extractor)
    par = make_extractor(2)
    assert isinstance(par, ParallelExtractor) and par.version == EXTRACTOR_VERSION
    assert not par.pool_used  # nothing loaded until asked


def test_workers_setting(monkeypatch):
    monkeypatch.setenv("FRT_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.delenv("FRT_WORKERS")
    assert 1 <= default_workers() <= 2
    monkeypatch.setenv("FRT_WORKERS", "zero")
    with pytest.raises(ValueError, match="FRT_WORKERS must be a positive integer"):
        default_workers()
    with pytest.raises(ValueError):
        check_workers(0)


def _orphan_parent(conn):  # runs in a child process: start a pool, report its pids, wait
    par = ParallelExtractor(workers=2, factory=fake_factory, min_documents=1)
    list(par.extract_many([(t, None) for t in "abcd"]))
    conn.send([p.pid for p in par._pool._processes.values()])
    threading.Event().wait()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux /proc")
def test_workers_end_when_their_parent_is_killed():
    import multiprocessing
    import signal
    import time

    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    parent = ctx.Process(target=_orphan_parent, args=(there,))
    parent.start()
    try:
        assert here.poll(120), "the pool did not start"
        pids = here.recv()
    finally:
        os.kill(parent.pid, signal.SIGKILL)  # only the process this test started
        parent.join(10)
    deadline = time.monotonic() + 30
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)


@pytest.mark.parametrize("model", ["none", "auto"])
def test_a_long_text_shared_by_the_workers_gives_the_one_process_result(model, rules_ex, request):
    """A text long enough to stream goes to the workers piece by piece and is merged: the
    result (entities, commitments, findings, offsets into the whole text) of one process."""
    if model == "auto" and not HAVE_MODEL:
        pytest.skip("no spaCy model installed")
    one = rules_ex if model == "none" else request.getfixturevalue("model_ex")
    text = "\n\n".join(TEXTS[:4] + TEXTS[5:]) + "\n\n"
    text = text * (120_000 // len(text) + 1)
    with ParallelExtractor(workers=2, model=model) as par:
        got = _within(300, lambda: par.extract_long(text, DATE))
        assert par.pool_used
    assert got == one.extract(text, DATE)
    assert got["commitments"] and got["findings"]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in got["entities"])


def test_a_short_text_never_starts_the_pool():
    with ParallelExtractor(workers=2, model="none") as par:
        par.extract_long(TEXTS[0], DATE)
        assert not par.pool_used
