"""Words/s of extraction on 2 worker processes against 1 process and against the same
spaCy model's ``nlp.pipe``, in one run.

On the bench_extract corpus (imported, ~50k words): the one-process ``Extractor`` (today's
path), ``ParallelExtractor(workers=2)`` (pool started and warmed before timing; its start
time is reported apart), the model's full pipeline ``spacy.load(model).pipe`` on one
process and with ``n_process=2``. Checks that the parallel results equal the one-process
results. Prints one JSON line per comparison (``name``, ``frt``, ``baseline``, ``ratio``,
``goal``), for benchmarks/run.py. Medians of ``--rounds`` interleaved rounds.

Example:
    .venv/bin/python benchmarks/bench_extract_parallel.py --words 50000 --workers 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_extract import make_corpus, words_per_second  # noqa: E402


def cpu_seconds(pids) -> float:
    """User + system CPU seconds of running processes (Linux /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    import spacy

    from pipelines.nlp import Extractor
    from pipelines.nlp.parallel import ParallelExtractor

    one = Extractor()
    if one.model_name is None:
        print(json.dumps({"error": "no spaCy model installed; nothing to compare against"}))
        return 1
    texts = make_corpus(args.words)
    words = sum(len(t.split()) for t in texts)
    date = dt.date(2020, 6, 11)
    items = [(t, date) for t in texts]
    full = spacy.load(one.model_name)
    warm = texts[:5]
    list(full.pipe(warm))
    list(one.extract_many(items[:5]))

    start = time.perf_counter()
    par = ParallelExtractor(workers=args.workers, min_documents=1)
    list(par.extract_many(items[:4 * args.workers]))  # start the pool: a model per worker, warmed
    start_s = time.perf_counter() - start

    got: dict[str, list] = {}
    modes = {
        "one": lambda: got.__setitem__("one", list(one.extract_many(items, batch_size=args.batch_size))),
        "par": lambda: got.__setitem__("par", list(par.extract_many(items, batch_size=args.batch_size))),
        "pipe": lambda: list(full.pipe(texts, batch_size=args.batch_size)),
        # spaCy starts its processes at each call: that start is in this figure
        "pipe_n": lambda: list(full.pipe(texts, batch_size=args.batch_size, n_process=args.workers)),
    }
    runs: dict[str, list[float]] = {m: [] for m in modes}
    # CPU seconds spent, whatever the machine's load: one process against parent + workers
    # (near 1.0: the pool wastes little, so on two idle cores the wall time nearly halves)
    cpu: dict[str, float] = {"one": 0.0, "par": 0.0}
    workers = [p.pid for p in par._pool._processes.values()]
    load = [round(os.getloadavg()[0], 1)]
    try:
        for _ in range(args.rounds):  # interleaved rounds, medians: the machine is shared
            for mode, fn in modes.items():
                before = time.process_time() + (cpu_seconds(workers) if mode == "par" else 0)
                runs[mode].append(words_per_second(texts, lambda ts, fn=fn: fn()))
                if mode in cpu:
                    cpu[mode] += time.process_time() + (cpu_seconds(workers) if mode == "par" else 0) - before
    finally:
        par.close()
    load.append(round(os.getloadavg()[0], 1))
    wps = {m: statistics.median(v) for m, v in runs.items()}
    same = got["one"] == got["par"]
    common = {"unit": "words/s", "docs": len(texts), "words": words, "workers": args.workers,
              "model": one.model_name}
    rows = [
        {"name": f"extraction words/s, {args.workers} workers vs 1 process", "frt": round(wps["par"]),
         "baseline": round(wps["one"]), "ratio": round(wps["par"] / wps["one"], 2), "goal": ">= 1.5",
         "identical_results": same, "pool_start_s": round(start_s, 1),
         "frt_with_start": round(words / (words / wps["par"] + start_s)),
         "cpu_s": {m: round(v, 1) for m, v in cpu.items()}, "cpu_ratio": round(cpu["par"] / cpu["one"], 2),
         "loadavg_start_end": load,
         "rounds": {m: [round(x) for x in v] for m, v in runs.items()}},
        {"name": f"extraction words/s, {args.workers} workers vs spaCy nlp.pipe (1 process)",
         "frt": round(wps["par"]), "baseline": round(wps["pipe"]),
         "ratio": round(wps["par"] / wps["pipe"], 2), "goal": ">= 1.0"},
        {"name": f"extraction words/s, {args.workers} workers vs spaCy nlp.pipe(n_process={args.workers})",
         "frt": round(wps["par"]), "baseline": round(wps["pipe_n"]),
         "ratio": round(wps["par"] / wps["pipe_n"], 2), "goal": ">= 1.0"},
    ]
    for row in rows:
        print(json.dumps({**row, **common}))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
