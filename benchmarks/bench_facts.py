"""Resolving reports into facts (kb/factgroups.py): time for 10,000 and 100,000 generated
commitment reports, and the time per report at 100k against that at 10k (it must not grow:
resolution is blocked by actor and class). Goal: 100k in under 60 s, per-report ratio <= 1.3."""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.factgroups import commitment_facts  # noqa: E402

ACTIONS = ["ban", "moratorium", "pause", "no_sale", "exit", "extension", "restriction", "regulation"]
SCOPES = [None, "police", "law_enforcement", "government", "private"]


def reports(n: int, seed: int = 7) -> list[dict]:
    """``n`` reports of about n/5 facts: actors with a few measures each, reported several
    times with day, month or year precision, some undated, some from a bill."""
    rng = random.Random(seed)
    actors = [f"Place {i}" for i in range(max(1, n // 25))] + [f"Vendor {i} Inc." for i in range(max(1, n // 50))]
    rows = []
    measures = {a: [(rng.choice(ACTIONS), date(2018, 1, 1) + timedelta(days=rng.randrange(0, 2500)))
                    for _ in range(rng.randint(1, 6))] for a in actors}
    for i in range(n):
        actor = rng.choice(actors)
        action, day = rng.choice(measures[actor])
        day += timedelta(days=rng.randrange(-2, 3))  # reports date the same measure a little differently
        kind = rng.random()
        start = None if kind < 0.1 else day.strftime("%Y-%m") if kind < 0.3 else str(day.year) if kind < 0.35 \
            else day.isoformat()
        rows.append({"id": i, "actor": actor + (" City Council" if rng.random() < 0.2 else ""),
                     "action": action, "scope": rng.choice(SCOPES), "start": start,
                     "announced": None, "law": f"Bill {rng.randrange(n // 10)}" if rng.random() < 0.1 else None})
    return rows


def timed(n: int, rounds: int) -> tuple[float, int]:
    """Median time of ``rounds`` resolutions of the same ``n`` reports (the machine is noisy)."""
    rows = reports(n)
    times, facts = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        facts = commitment_facts(rows)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(facts)


def main() -> None:
    small, n_small = timed(10_000, 9)
    big, n_big = timed(100_000, 5)
    print(json.dumps({"name": "facts: resolve 100k reports (s)", "frt": round(big, 2), "baseline": 60,
                      "ratio": round(big / 60, 3), "goal": "<= 1.0 (under 60 s)", "facts": n_big}))
    print(json.dumps({"name": "facts: time per report 100k / 10k", "frt": round(big / 100_000 * 1e6, 1),
                      "baseline": round(small / 10_000 * 1e6, 1),
                      "ratio": round((big / 100_000) / (small / 10_000), 2), "goal": "<= 1.3",
                      "unit": "microseconds per report", "facts_10k": n_small}))


if __name__ == "__main__":
    main()
