"""Several workers on one knowledge base at once: two on SQLite, four on PostgreSQL, each a
real crawl (`python -m crawler.run_cli`) of the same sources, then each a real `frt extract
--all`, then each a real `frt watch --no-crawl`, all started together on a knowledge base none
of them has created yet. Afterwards the KB holds exactly what one worker alone writes: no
lost, duplicated or half-written row, and every watch event recorded once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from contextlib import nullcontext

import pytest
from sqlalchemy import text

from commands.watch import NEW
from kb.database import make_engine
from tests.conftest import postgres_schema
from tests.crawler import fixture_server
from tests.crawler.conftest import KEY_ENV, ROOT, SOURCES, TEST_SETTINGS

WORKERS = {"sqlite": 2, "postgres": 4}
CRAWLED = ("fixture_watch_vendor", "fixture_watch_city", "fixture_sitemap", "fixture_rss")
TABLES = ("source", "document", "documentversion", "entity", "alias", "mention", "commitment",
          "finding", "edge", "fact", "pagecache", "sourcehealth")
DUPLICATES = {  # rows that must be unique, though no constraint says so
    "mention": "document_id, entity_id, start_char, end_char",
    "commitment": "document_id, fact_key, start_char, end_char",
    "finding": "document_id, fact_key, start_char, end_char",
    "documentversion": "document_id, version_no",
}


@pytest.fixture(scope="module")
def site():
    server = fixture_server.start()
    yield server
    server.shutdown()


def _crawl_cmd(site, url: str) -> list[str]:
    cmd = [sys.executable, "-m", "crawler.run_cli", "--db", url, "--sources", str(SOURCES),
           "--base-url", site.base_url, "--only", *CRAWLED]
    for setting in TEST_SETTINGS:
        cmd += ["--set", setting]
    return cmd


def _extract_cmd(url: str) -> list[str]:
    return [sys.executable, "-m", "cli", "extract", "--all", "--db", url]


def _watch_cmd(url: str) -> list[str]:
    return [sys.executable, "-m", "cli", "watch", "--no-crawl", "--as-of", "2026-06-01", "--format", "json",
            "--db", url]


def _run_together(commands: list[list[str]], ok: tuple[int, ...] = (0,)) -> None:
    """Start every command at once; fail with its stderr when any exits with a code not in ``ok``."""
    env = {**os.environ, **KEY_ENV}
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for cmd in commands]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode in ok, f"{proc.args[2:4]} exited {proc.returncode}:\n{err[-3000:]}"


def _snapshot(url: str) -> dict:
    """Row counts, and what the rows say with the ids left out (ids depend on timing)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        q = lambda sql: [tuple(row) for row in conn.execute(text(sql))]  # noqa: E731
        snap = {"counts": {t: q(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}}
        snap["documents"] = sorted(q("SELECT source_id, key, content_hash FROM document"))
        snap["mentions"] = Counter(q(
            "SELECT d.key, m.start_char, m.end_char, m.label, e.name FROM mention m "
            "JOIN document d ON d.id = m.document_id JOIN entity e ON e.id = m.entity_id"))
        snap["commitments"] = Counter(q(
            "SELECT d.key, c.fact_key, c.actor, c.action FROM commitment c "
            "JOIN document d ON d.id = c.document_id"))
        snap["findings"] = Counter(q("SELECT fact_key, metric, value FROM finding"))
        snap["duplicates"] = {t: q(f"SELECT {cols}, count(*) FROM {t} GROUP BY {cols} "
                                   "HAVING count(*) > 1") for t, cols in DUPLICATES.items()}
        snap["half_written"] = q(
            "SELECT d.key FROM document d "
            "LEFT JOIN documentversion v ON v.id = d.current_version_id "
            "WHERE v.id IS NULL OR v.content_hash <> d.content_hash "
            "OR d.extracted_hash IS NULL OR d.extracted_hash <> d.content_hash")
        snap["runs"] = Counter(kind for (kind,) in q("SELECT kind FROM run"))
        snap["events"] = Counter(q("SELECT kind, title FROM watchevent"))
    engine.dispose()
    return snap


def _reference_url(backend: str, tmp_path):
    if backend == "sqlite":
        return nullcontext(f"sqlite:///{tmp_path / 'alone.db'}")
    return postgres_schema()


@pytest.mark.slow
def test_workers_at_once_write_what_one_worker_writes(site, backend, kb_url, tmp_path):
    n = WORKERS[backend]
    _run_together([_crawl_cmd(site, kb_url)] * n)
    _run_together([_extract_cmd(kb_url)] * n)
    _run_together([_watch_cmd(kb_url)] * n, ok=(0, NEW))
    together = _snapshot(kb_url)

    with _reference_url(backend, tmp_path) as alone_url:
        _run_together([_crawl_cmd(site, alone_url)])
        _run_together([_extract_cmd(alone_url)])
        _run_together([_watch_cmd(alone_url)], ok=(0, NEW))
        alone = _snapshot(alone_url)

    assert together["counts"]["document"] > 5 and together["counts"]["commitment"] > 0
    assert together["duplicates"] == {t: [] for t in DUPLICATES}
    assert together["half_written"] == []
    for part in ("counts", "documents", "mentions", "commitments", "findings", "events"):
        assert together[part] == alone[part], part
    assert together["events"] and max(together["events"].values()) == 1  # each event once
    assert together["runs"]["crawl"] == n and together["runs"]["extract"] == n  # every run recorded
    assert together["runs"]["watch"] == n
