"""One large text through ``frt extract``: words/s against the corpus words/s, and peak RSS.

Generates a ~5 MB text from the bench_extract corpus generator (paragraphs joined by blank
lines), runs ``frt extract FILE`` on it in a child process with its default workers (the
pieces of a long text are shared by $FRT_WORKERS, else the usable cores, at most 2; wall time
including process start and model loads; the JSON output goes to a temporary file), reads
the child's peak RSS (the largest single process of its tree)
from ``getrusage(RUSAGE_CHILDREN)``, and measures the corpus words/s of
``Extractor.extract_many`` over the bench_extract corpus in this process before and after
the child (the baseline is their mean: the load of a shared machine drifts; one process).
Goals (issue 12): large-document words/s >= the corpus words/s, peak RSS under 1.5 GB. The
words per CPU-second figure compares the work done (both workers' model loads included).

Example:
    .venv/bin/python benchmarks/bench_large_doc.py --mb 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_extract import make_corpus, words_per_second  # noqa: E402

RSS_GOAL_MB = 1536


def make_large_text(megabytes: float, seed: int = 29) -> str:
    """About ``megabytes`` MB of bench_extract paragraphs separated by blank lines."""
    target = int(megabytes * 1_000_000)
    words = int(target / 5.5) + 1000  # ~6 characters per word in this corpus: enough words
    paragraphs = make_corpus(words, seed=seed)
    text, size = [], 0
    for p in paragraphs:
        if size >= target:
            break
        text.append(p)
        size += len(p) + 2
    return "\n\n".join(text)


def frt_executable() -> list[str]:
    exe = Path(sys.executable).with_name("frt")
    return [str(exe)] if exe.exists() else [sys.executable, str(ROOT / "cli.py")]


def run_child(path: Path, out: Path) -> tuple[float, int, int, float]:
    """Run ``frt extract path``; return (wall seconds, exit code, child peak RSS in MB,
    child CPU seconds)."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with out.open("wb") as fh:
        proc = subprocess.run([*frt_executable(), "extract", str(path), "--date", "2020-06-11"],
                              stdout=fh, stderr=subprocess.PIPE, cwd=ROOT, env=os.environ.copy())
    wall = time.perf_counter() - start
    if proc.returncode:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = usage.ru_utime + usage.ru_stime - cpu.ru_utime - cpu.ru_stime
    return wall, proc.returncode, usage.ru_maxrss // 1024, cpu_s  # ru_maxrss: KiB on Linux


def corpus_wps(extractor, words: int) -> tuple[float, float]:
    """bench_extract's frt figure: words/s of ``extract_many`` over its corpus, and words
    per CPU-second of this process."""
    texts = make_corpus(words)
    date = dt.date(2020, 6, 11)
    list(extractor.extract_many([(t, date) for t in texts[:5]]))
    cpu = time.process_time()
    wps = words_per_second(texts, lambda ts: list(extractor.extract_many((t, date) for t in ts)))
    return wps, sum(len(t.split()) for t in texts) / (time.process_time() - cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the large text in MB")
    parser.add_argument("--corpus-words", type=int, default=50_000)
    args = parser.parse_args(argv)

    from pipelines.nlp import Extractor

    extractor = Extractor()
    text = make_large_text(args.mb)
    words = len(text.split())
    before = corpus_wps(extractor, args.corpus_words)  # before and after the child: the load drifts
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.txt"
        path.write_text(text, encoding="utf-8")
        out = Path(tmp) / "out.json"
        wall, code, rss_mb, cpu_s = run_child(path, out)
        if code:
            print(json.dumps({"name": "large document", "error": f"frt extract exited {code}"}))
            return 1
        result = json.loads(out.read_text())[0]
    found = {k: len(result[k]) for k in ("entities", "commitments", "findings")}
    after = corpus_wps(extractor, args.corpus_words)
    base = (before[0] + after[0]) / 2
    base_cpu = (before[1] + after[1]) / 2
    large = words / wall
    print(json.dumps({"name": "large document words/s vs corpus words/s",
                      "frt": round(large), "baseline": round(base), "unit": "words/s",
                      "ratio": round(large / base, 2), "goal": ">= 1.0",
                      "mb": round(len(text.encode()) / 1e6, 2), "words": words,
                      "wall_s": round(wall, 1), "corpus_wps_before_after": [round(before[0]), round(after[0])],
                      **found}))
    # the same per CPU-second (child: process start and model load included): the load of
    # a shared machine shifts a 5-minute run against 15-second ones; CPU time much less
    print(json.dumps({"name": "large document words per CPU-second vs corpus",
                      "frt": round(words / cpu_s), "baseline": round(base_cpu), "unit": "words/cpu-s",
                      "ratio": round(words / cpu_s / base_cpu, 2), "goal": ">= 1.0",
                      "child_cpu_s": round(cpu_s, 1)}))
    print(json.dumps({"name": "large document peak RSS", "frt": rss_mb, "baseline": RSS_GOAL_MB,
                      "unit": "MB", "ratio": round(rss_mb / RSS_GOAL_MB, 2), "goal": "<= 1.0"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
