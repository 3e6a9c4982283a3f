"""End to end (issue 12): N documents of ~400 words crawled from a local site by `frt crawl`,
then extracted and stored by `frt extract --all`, each stage a child process of the real CLI.

``BENCH_SIZE`` sets N (default 1,000 so `make bench` stays quick; the acceptance run is
``BENCH_SIZE=10000``). When N > 1,000 the same run also measures 1,000 documents first and
reports the time per document at N against 1k (goal <= 1.3).

The site: N articles (bench_crawl.py's server, here listing N pages in its sitemap and serving
this script's articles), each with a title, JSON-LD date and author, and a body from
bench_extract.make_corpus with its own seed: paragraphs of face-recognition policy prose mixed
with unrelated prose that shares trigger words (350-490 words, mean ~400). Every body is made
before the clock starts. The source YAML is bench_crawl.SOURCE (sitemap spider, no delay,
concurrency 16); `frt crawl` runs with its own defaults (AutoThrottle on, starting at the
source's 0 s floor), as a user would run it.

Stages, each on a fresh SQLite KB per size:
  1. `frt crawl --db KB --sources-dir DIR --base-url http://127.0.0.1:PORT`
  2. `frt extract --all --db KB` (its default worker setting, see "extract_workers")
Then the KB must hold N documents, every one extracted from its current text
(``extracted_hash = content_hash``), with mentions and commitment reports stored.

How time and memory are measured: each stage runs under a tiny wrapper process (WRAPPER below)
that starts the command, waits for it and prints the command's wall time and
``getrusage(RUSAGE_CHILDREN).ru_maxrss``. The wrapper is needed because Linux carries a
parent's high-water RSS into a child it spawns (vfork/fork, then exec records the old memory
map's peak): a stage spawned straight from this process, which holds every article, would
report this process's RSS. The wrapper is ~11 MB, so the figure is the stage's own; it is the
peak of the largest single process of the stage (a worker of a multi-process stage included).
For stages with several processes, a thread here also samples the summed PSS (proportional
set size, shared pages split between sharers) of the wrapper's descendants every 0.5 s from
/proc: "*_tree_pss_mb" (a sampled lower bound of the stage's peak footprint; Linux only).

The wrapper also reports the stage's CPU seconds (user + system, all its processes,
"*_cpu_s"): on a shared machine wall time depends on the neighbours, CPU time less (it still
grows a little under contention). On a quiet machine a one-process extraction's wall time is
close to its CPU time, a two-worker one's about half of it plus the second model load.

Wall times include process start and the spaCy model load (a fixed cost that weighs less per
document at larger N). Before the timed runs of a two-size run, both stages run once untimed
on 20 documents so that each size starts with warm file caches.

Prints JSON lines ("name", "frt", "baseline", "ratio", "goal", figures):
  - minutes for N documents, crawl + extract; baseline the 10-minute goal for 10k;
    ratio = minutes at 10k / 10, projected linearly from N when N != 10,000 (goal <= 1; the
    projection also multiplies the fixed costs, process start and model load, so it is high);
  - when N > 1,000: ms per document at N against 1k, ratio N/1k (goal <= 1.3), with the
    same ratio per stage and for CPU seconds per document ("cpu_per_doc_ratio");
  - peak RSS of each stage, baseline the 1,500 MB goal (ratio <= 1): the largest, over both
    stages (and both sizes), of ru_maxrss and the sampled summed PSS, so a stage running two
    extraction workers is counted as a whole.

Example: BENCH_SIZE=10000 .venv/bin/python benchmarks/bench_e2e.py
"""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_crawl import SOURCE, TOPICS, Server, Handler  # noqa: E402
from bench_extract import make_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASE_SIZE = 1000  # the size N is compared against
WARMUP = 20  # documents of the untimed warm-up run (two-size runs only)
BODY_WORDS = 350  # make_corpus stops after the paragraph reaching this: 350-490 words, mean ~400
SEED = 20_000  # article i's body uses seed SEED + i
GOAL_MINUTES_10K, GOAL_RSS_MB, GOAL_PER_DOC_RATIO = 10.0, 1500, 1.3

WRAPPER = """import json, resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    rc = subprocess.call(sys.argv[3:], stdout=out, stderr=err)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall_s": time.perf_counter() - start, "maxrss_kb": usage.ru_maxrss,
                  "cpu_s": usage.ru_utime + usage.ru_stime}))
"""


def size() -> int:
    return int(os.environ.get("BENCH_SIZE") or BASE_SIZE)


def frt_command() -> list[str]:
    """The installed `frt` console script next to this Python, else cli.py (same app)."""
    script = Path(sys.executable).parent / "frt"
    return [str(script)] if script.exists() else [sys.executable, str(ROOT / "cli.py")]


def article(i: int) -> bytes:
    """Article i: a news page whose body is bench_extract's mixed prose, seeded by i."""
    topic = TOPICS[i % len(TOPICS)]
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>"
                   for p in make_corpus(BODY_WORDS, seed=SEED + i))
    return (f'<!doctype html><html lang="en"><head><title>Report {i}: {topic}</title>'
            f'<script type="application/ld+json">{{"@context":"https://schema.org",'
            f'"@type":"NewsArticle","headline":"Report {i}: {topic}",'
            f'"datePublished":"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00Z",'
            f'"author":{{"@type":"Person","name":"Writer {i % 13}"}}}}</script></head>'
            f"<body><nav>Home News About</nav><article><h1>Report {i}: {topic}</h1>{body}"
            f"</article><footer>Footer</footer></body></html>").encode()


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_mb(root: int) -> float:
    """Summed PSS of the descendants of ``root`` (not ``root`` itself), from /proc."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(name))
    total, todo = 0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        total += _pss_kb(pid)
    return total / 1024


def run_stage(cmd: list[str], logs: Path, name: str) -> dict:
    """Run ``cmd`` under WRAPPER; {"wall_s", "cpu_s", "rss_mb" (ru_maxrss), "tree_pss_mb"}."""
    out, err = logs / f"{name}.out", logs / f"{name}.err"
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, str(out), str(err), *cmd], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"})
    peak, stop = [0.0], threading.Event()
    sampling = Path("/proc/self/smaps_rollup").exists()

    def sample() -> None:
        while not stop.wait(0.5):
            peak[0] = max(peak[0], tree_pss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    stdout, _ = proc.communicate()
    stop.set()
    if sampling:
        sampler.join()
    result = json.loads(stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        tail = (err.read_text(errors="replace").strip().splitlines() or ["no stderr"])[-3:]
        raise SystemExit(f"{name}: {' '.join(cmd[:3])} ... exited {result['rc']}: {tail}")
    return {"wall_s": result["wall_s"], "cpu_s": result["cpu_s"],
            "rss_mb": round(result["maxrss_kb"] / 1024),
            "tree_pss_mb": round(peak[0]) if sampling else None}


def kb_counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    counts = {
        "documents": one("select count(*) from document"),
        "extracted": one("select count(*) from document where extractor_version is not null"
                         " and extracted_hash = content_hash"),
        "words": one("select coalesce(sum(length(v.text) - length(replace(v.text, ' ', '')) + 1),"
                     " 0) from document d join documentversion v on v.id = d.current_version_id"),
        "mentions": one("select count(*) from mention"),
        "commitments": one("select count(*) from commitment"),
        "findings": one("select count(*) from finding"),
        "facts": one("select count(*) from fact"),
        "docs_with_mentions": one("select count(distinct document_id) from mention"),
        "docs_with_reports": one("select count(*) from (select document_id from commitment"
                                 " union select document_id from finding)"),
    }
    con.close()
    return counts


def end_to_end(n: int, server: Server, base: str, work: Path) -> dict:
    """Crawl and extract the first ``n`` articles into a fresh KB; timings, RSS and counts."""
    server.pages = n
    run = work / f"n{n}"
    run.mkdir()
    db = run / "kb.db"
    frt = frt_command()
    crawl = run_stage([*frt, "crawl", "--db", f"sqlite:///{db}", "--sources-dir",
                       str(work / "sources"), "--base-url", base], run, "crawl")
    extract = run_stage([*frt, "extract", "--all", "--db", f"sqlite:///{db}"], run, "extract")
    counts = kb_counts(db)
    problems = []
    if counts["documents"] != n:
        problems.append(f"{counts['documents']} documents stored, not {n}")
    if counts["extracted"] != counts["documents"]:
        problems.append(f"{counts['documents'] - counts['extracted']} documents not extracted")
    if not (counts["mentions"] and counts["commitments"]):
        problems.append("no mentions or no commitment reports stored")
    if problems:
        raise SystemExit(f"{n} documents: " + "; ".join(problems))
    total = crawl["wall_s"] + extract["wall_s"]
    return {"n": n, "total_s": total, "per_doc_ms": total / n * 1000, "crawl": crawl,
            "extract": extract, **counts}


def extract_workers() -> str:
    """What `frt extract --all` uses for workers: the --workers default its help states (the
    benchmark passes no --workers), and FRT_WORKERS when set."""
    proc = subprocess.run([*frt_command(), "extract", "--help"], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "COLUMNS": "250"}, timeout=120)
    line = next((ln for ln in proc.stdout.splitlines() if ln.strip("│ ").startswith("--workers")),
                None)
    if line is None:
        return "no --workers option (one process)"
    default = re.search(r"\(default:\s*([^)]*)\)", line)
    env = os.environ.get("FRT_WORKERS")
    stated = default.group(1).strip() if default else "see frt extract --help"
    return f"--workers default ({stated}); FRT_WORKERS={env or 'unset'}; {os.cpu_count()} cores"


def main() -> None:
    n = size()
    sizes = [BASE_SIZE, n] if n > BASE_SIZE else [n]
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    bodies = [article(i) for i in range(n)]
    server = Server(("127.0.0.1", 0), Handler)
    server.render = bodies.__getitem__
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    workers = extract_workers()
    with tempfile.TemporaryDirectory(prefix="frt-bench-e2e-") as tmp:
        work = Path(tmp)
        (work / "sources").mkdir()
        (work / "sources" / "bench_news.yml").write_text(SOURCE)
        if len(sizes) > 1:
            end_to_end(WARMUP, server, base, work)
        runs = [end_to_end(size_, server, base, work) for size_ in sizes]
    server.shutdown()

    def figures(r: dict) -> dict:
        return {"documents": r["n"], "words": r["words"],
                "words_per_doc": round(r["words"] / r["n"]),
                "per_doc_ms": round(r["per_doc_ms"], 1),
                "crawl_s": round(r["crawl"]["wall_s"], 1),
                "extract_s": round(r["extract"]["wall_s"], 1),
                "crawl_cpu_s": round(r["crawl"]["cpu_s"], 1),
                "extract_cpu_s": round(r["extract"]["cpu_s"], 1),
                "crawl_rss_mb": r["crawl"]["rss_mb"], "extract_rss_mb": r["extract"]["rss_mb"],
                "crawl_tree_pss_mb": r["crawl"]["tree_pss_mb"],
                "extract_tree_pss_mb": r["extract"]["tree_pss_mb"],
                **{k: r[k] for k in ("mentions", "commitments", "findings", "facts",
                                     "docs_with_mentions", "docs_with_reports")}}

    def cpu_per_doc(r: dict) -> float:
        return (r["crawl"]["cpu_s"] + r["extract"]["cpu_s"]) / r["n"]

    big = runs[-1]
    minutes = big["total_s"] / 60
    projected = minutes * 10_000 / big["n"]
    common = {"extract_workers": workers, "cores": os.cpu_count(), "at": at}
    print(json.dumps({
        "name": f"end to end: {big['n']:,} documents crawled, extracted and stored (minutes)",
        "frt": round(minutes, 2), "baseline": GOAL_MINUTES_10K,
        "unit": "minutes (baseline: the goal for 10,000 documents)",
        "ratio": round(projected / GOAL_MINUTES_10K, 3),
        "goal": "ratio <= 1 (minutes at 10k / 10; below 10k projected linearly from N)",
        "projected_10k_minutes": round(projected, 1), **figures(big), **common}))
    if len(runs) > 1:
        small = runs[0]
        print(json.dumps({
            "name": f"end to end: time per document at {big['n']:,} against {small['n']:,}",
            "frt": round(big["per_doc_ms"], 1), "baseline": round(small["per_doc_ms"], 1),
            "unit": "ms per document (crawl + extract wall time / documents)",
            "ratio": round(big["per_doc_ms"] / small["per_doc_ms"], 2),
            "goal": f"<= {GOAL_PER_DOC_RATIO}",
            "crawl_ratio": round(big["crawl"]["wall_s"] / big["n"]
                                 / (small["crawl"]["wall_s"] / small["n"]), 2),
            "extract_ratio": round(big["extract"]["wall_s"] / big["n"]
                                   / (small["extract"]["wall_s"] / small["n"]), 2),
            "cpu_per_doc_ratio": round(cpu_per_doc(big) / cpu_per_doc(small), 2),
            "baseline_figures": figures(small), **common}))
    def stage_peak(stage: dict) -> int:  # one process's ru_maxrss or the processes' summed PSS
        return max(stage["rss_mb"], stage["tree_pss_mb"] or 0)

    peak = max(max(stage_peak(r["crawl"]), stage_peak(r["extract"])) for r in runs)
    print(json.dumps({
        "name": f"end to end: peak RSS of each stage, {big['n']:,} documents",
        "frt": peak, "baseline": GOAL_RSS_MB,
        "unit": "MB, the larger of ru_maxrss and the sampled summed PSS (baseline: the goal)",
        "ratio": round(peak / GOAL_RSS_MB, 3), "goal": "ratio <= 1 (MB / 1500)",
        "crawl_rss_mb": big["crawl"]["rss_mb"], "extract_rss_mb": big["extract"]["rss_mb"],
        "extract_tree_pss_mb": big["extract"]["tree_pss_mb"],
        "crawl_tree_pss_mb": big["crawl"]["tree_pss_mb"], **common}))


if __name__ == "__main__":
    main()
