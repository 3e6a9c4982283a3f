"""Bulk fact storage: frt's core-insert path (what kb/facts.py runs: ``session.execute(
model.__table__.insert(), rows)``) against two baselines, same rows, same SQLite settings, one run:

- a raw ``sqlite3`` ``executemany`` of the same rows into the same table of a KB made the same
  way (the floor an ORM-free writer could reach; issue 12 asks for >= 0.5x of it);
- SQLModel's ``session.add_all`` (the ORM path ARCHITECTURE.md measured at ~17k rows/s).
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlmodel import Session

from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store
from kb.database import make_engine, session_scope
from kb.models import Mention

N = 50_000
ROUNDS = 3


def _setup(path: Path):
    engine = make_engine(str(path))
    with session_scope(engine) as s:
        store.upsert_source(s, SourceDef(id="b", name="b", kind="news", spider="feed",
                                         start_urls=["http://127.0.0.1/"]))
        r = store.store_document(s, DocumentItem(source_id="b", url="http://127.0.0.1/d", text="x"))
    with session_scope(engine) as s:
        from kb.resolve import Resolver
        ent = Resolver(s).resolve("Amazon", "VENDOR")
    return engine, r.document_id, r.version_id, ent


def _rows(doc, ver, ent):
    return [{"document_id": doc, "version_id": ver, "entity_id": ent, "text": "Amazon",
             "label": "VENDOR", "start_char": i, "end_char": i + 6, "extractor": "bench"}
            for i in range(N)]


def _frt(path: Path) -> float:
    engine, doc, ver, ent = _setup(path)
    rows = _rows(doc, ver, ent)
    t = time.perf_counter()
    with session_scope(engine) as s:
        s.execute(Mention.__table__.insert(), rows)
    rate = N / (time.perf_counter() - t)
    engine.dispose()
    return rate


def _raw(path: Path) -> float:
    engine, doc, ver, ent = _setup(path)
    engine.dispose()
    rows = _rows(doc, ver, ent)
    columns = list(rows[0])
    sql = f"INSERT INTO mention ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    values = [tuple(r[c] for c in columns) for r in rows]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # as kb/database.py sets them
    t = time.perf_counter()
    with conn:
        conn.executemany(sql, values)
    rate = N / (time.perf_counter() - t)
    conn.close()
    return rate


def _orm(path: Path) -> float:
    engine, doc, ver, ent = _setup(path)
    rows = _rows(doc, ver, ent)
    t = time.perf_counter()
    with Session(engine) as s:
        s.add_all([Mention(**r) for r in rows])
        s.commit()
    rate = N / (time.perf_counter() - t)
    engine.dispose()
    return rate


def main() -> None:
    rates: dict[str, list[float]] = {"frt": [], "raw": [], "orm": []}
    with tempfile.TemporaryDirectory() as tmp:
        for round_no in range(ROUNDS):  # interleaved, so a noisy moment hits every path alike
            for name, run in (("frt", _frt), ("raw", _raw), ("orm", _orm)):
                rates[name].append(run(Path(tmp) / f"{name}{round_no}.db"))
    frt, raw, orm = (statistics.median(rates[k]) for k in ("frt", "raw", "orm"))
    at = datetime.now(timezone.utc).isoformat()
    print(json.dumps({"name": "fact rows stored vs raw executemany", "frt": round(frt), "baseline": round(raw),
                      "unit": "rows/s (baseline: sqlite3 executemany of the same rows; medians of "
                              f"{ROUNDS} interleaved rounds)",
                      "ratio": round(frt / raw, 2), "goal": ">= 0.5", "at": at}))
    print(json.dumps({"name": "fact rows stored", "frt": round(frt), "baseline": round(orm),
                      "unit": "rows/s (baseline: ORM add_all)", "ratio": round(frt / orm, 2),
                      "goal": ">= 1.0", "at": at}))


if __name__ == "__main__":
    main()
