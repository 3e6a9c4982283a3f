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


def kb_with_reports(path: Path, n: int):
    """A SQLite KB holding ``n`` commitment reports (the same generator) over 1,000 documents."""
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from kb.database import make_engine, session_scope
    from kb.models import Commitment, Document, DocumentVersion, Source

    engine = make_engine(str(path))
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with session_scope(engine) as s:
        conn = s.connection()
        conn.execute(insert(Source.__table__), [{"id": "b", "name": "b", "kind": "news", "spider": "feed"}])
        conn.execute(insert(Document.__table__), [
            {"id": d, "source_id": "b", "key": f"k{d}", "url": f"http://127.0.0.1/{d}",
             "canonical_url": f"http://127.0.0.1/{d}", "content_hash": "h", "first_seen": now, "last_fetched": now,
             "authors": [], "meta": {}, "current_version_id": d} for d in range(1, 1001)])
        conn.execute(insert(DocumentVersion.__table__), [
            {"id": d, "document_id": d, "version_no": 1, "content_hash": "h", "text": "x", "fetched_at": now}
            for d in range(1, 1001)])
        rows = reports(n)
        conn.execute(insert(Commitment.__table__), [
            {"id": r["id"] + 1, "document_id": r["id"] % 1000 + 1, "version_id": r["id"] % 1000 + 1,
             "actor": r["actor"], "action": r["action"], "scope": r["scope"], "law": r["law"],
             "start": date.fromisoformat(r["start"]) if r["start"] and len(r["start"]) == 10 else
             date(int(r["start"][:4]), int(r["start"][5:7] or 1) if len(r["start"]) > 4 else 1, 1) if r["start"] else None,
             "start_precision": None if not r["start"] else {10: "day", 7: "month", 4: "year"}[len(r["start"])],
             "quote": "q", "start_char": 0, "end_char": 1, "fact_key": f"f{r['id']}", "extractor": "x",
             "fetched_at": now} for r in rows])
    return engine


def refresh_time(n: int) -> float:
    import tempfile

    from kb.database import session_scope
    from kb.factstore import refresh_facts

    with tempfile.TemporaryDirectory() as tmp:
        engine = kb_with_reports(Path(tmp) / "kb.db", n)
        t0 = time.perf_counter()
        with session_scope(engine) as s:
            refresh_facts(s)
        took = time.perf_counter() - t0
        engine.dispose()
    return took


def main() -> None:
    small, n_small = timed(10_000, 9)
    big, n_big = timed(100_000, 5)
    print(json.dumps({"name": "facts: resolve 100k reports (s)", "frt": round(big, 2), "baseline": 60,
                      "ratio": round(big / 60, 3), "goal": "<= 1.0 (under 60 s)", "facts": n_big}))
    print(json.dumps({"name": "facts: time per report 100k / 10k", "frt": round(big / 100_000 * 1e6, 1),
                      "baseline": round(small / 10_000 * 1e6, 1),
                      "ratio": round((big / 100_000) / (small / 10_000), 2), "goal": "<= 1.3",
                      "unit": "microseconds per report", "facts_10k": n_small}))
    kb_small, kb_big = refresh_time(10_000), refresh_time(100_000)
    print(json.dumps({"name": "facts: rebuild the fact table of a KB with 100k reports (s)", "frt": round(kb_big, 2),
                      "baseline": 60, "ratio": round(kb_big / 60, 3), "goal": "<= 1.0 (under 60 s)",
                      "per_report_ratio_100k_10k": round((kb_big / 100_000) / (kb_small / 10_000), 2)}))


if __name__ == "__main__":
    main()
