"""Leases: two `frt watch` runs of one source never overlap; a dead holder's lease is taken
over (both backends)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from kb.lease import Lease, acquire, holding, release
from tests.crawler import fixture_server
from tests.crawler.conftest import ROOT, SOURCES


def test_one_holder_at_a_time_and_given_back(engine):
    token, holder = acquire(engine, "watch:news")
    assert token and holder is None
    again, holder = acquire(engine, "watch:news")
    assert again is None
    assert (holder.pid, holder.host) == (os.getpid(), socket.gethostname())
    assert holder.describe("source news is being watched").startswith(
        f"source news is being watched by pid {os.getpid()} on host {socket.gethostname()} since ")
    other, _ = acquire(engine, "watch:papers")  # another name is another lease
    assert other
    release(engine, "watch:news", token)
    assert acquire(engine, "watch:news")[0]


def test_lease_of_a_dead_process_or_an_expired_one_is_taken_over(engine):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(Lease(name="watch:a", token="x", pid=int(dead.stdout), host=socket.gethostname(),
                    acquired_at=now, expires_at=now + timedelta(hours=1)))
        s.add(Lease(name="watch:b", token="y", pid=1, host="elsewhere.example",
                    acquired_at=now - timedelta(days=2), expires_at=now - timedelta(days=1)))
        s.add(Lease(name="watch:c", token="z", pid=1, host="elsewhere.example",
                    acquired_at=now, expires_at=now + timedelta(hours=1)))
        s.commit()
    with holding(engine, ["watch:a", "watch:b", "watch:c"]) as held:
        assert held.taken == ["watch:a", "watch:b"]
        assert [(h.name, h.host) for h in held.busy] == [("watch:c", "elsewhere.example")]
    with Session(engine) as s:  # given back after the block; the live foreign one stays
        assert [row.name for row in s.exec(select(Lease))] == ["watch:c"]


@pytest.fixture
def site():
    server = fixture_server.start()
    yield server
    server.shutdown()


def _watch(site, url: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "tests.crawler.cli_app", "watch", "fixture_watch_vendor",
           "--db", url, "--sources-dir", str(SOURCES), "--base-url", site.base_url,
           "--format", "json"]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_second_watch_of_a_source_skips_it_and_says_who_holds_it(site, engine, kb_url):
    token, _ = acquire(engine, "watch:fixture_watch_vendor")  # a watch running in this process
    site.hits.clear()
    busy = _watch(site, kb_url)
    assert busy.returncode in (0, 10), busy.stderr[-2000:]  # skipping is not an error
    assert (f"source fixture_watch_vendor is being watched by pid {os.getpid()} on host "
            f"{socket.gethostname()} since ") in busy.stderr
    assert json.loads(busy.stdout)["crawl"] is None
    assert not [hit for hit in site.hits if "/watch/" in str(hit)]  # the source was not fetched
    release(engine, "watch:fixture_watch_vendor", token)

    free = _watch(site, kb_url)
    assert free.returncode == 10, free.stderr[-2000:]
    assert "is being watched" not in free.stderr
    assert json.loads(free.stdout)["crawl"]["documents"]["fixture_watch_vendor"]["new"] > 0
    with Session(engine) as s:  # the watch gave its lease back
        assert s.exec(select(Lease)).all() == []
