"""benchmarks/bench_e2e.py runs end to end at a tiny size and prints its JSON lines.

20 documents: a local site, `frt crawl` and `frt extract --all` as child processes, the KB
checks (every document stored and extracted). No timing is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


def test_bench_e2e_runs_and_prints_json():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_e2e.py")],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "BENCH_SIZE": "20"})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 2  # minutes and peak RSS; no 1k comparison below 1,000 documents
    for row in rows:
        assert {"name", "frt", "baseline", "ratio", "goal"} <= row.keys()
    minutes, rss = rows
    assert minutes["documents"] == 20
    assert minutes["mentions"] > 0 and minutes["commitments"] > 0
    assert 300 <= minutes["words_per_doc"] <= 500
    assert minutes["crawl_rss_mb"] > 0 and minutes["extract_rss_mb"] > 0
    assert rss["frt"] >= max(rss["crawl_rss_mb"], rss["extract_rss_mb"])
