"""Fixture sites on 127.0.0.1 and a helper that runs one real crawl in a subprocess
(Twisted's reactor cannot restart, so every crawl needs a fresh process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kb.database import make_engine
from kb.models import Document, DocumentVersion, Run
from tests.conftest import BACKENDS, postgres_schema
from tests.crawler import fixture_server

ROOT = Path(__file__).resolve().parents[2]
SOURCES = Path(__file__).parent / "sources"
TEST_SETTINGS = ["AUTOTHROTTLE_ENABLED=false", "DOWNLOAD_DELAY=0", "FRT_RETRY_AFTER_MAX_S=1",
                 "DOWNLOAD_TIMEOUT=10", "LOG_LEVEL=INFO"]
KEY_ENV = {"FRT_FIXTURE_CONGRESS_KEY": fixture_server.FIXTURE_KEY,
           "FRT_FIXTURE_OPENSTATES_KEY": fixture_server.FIXTURE_KEY}


@pytest.fixture(scope="session")
def site():
    server = fixture_server.start()
    yield server
    server.shutdown()


# Modules whose crawls are about what lands in the KB (versions, 304s, watch events) run
# on both backends; the parser tests stay on SQLite (doubling them would add minutes, not cover).
BOTH_BACKENDS = {"test_incremental", "test_watch"}


def pytest_generate_tests(metafunc):
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "db_url" in metafunc.fixturenames and module in BOTH_BACKENDS:
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


@pytest.fixture
def db_url(request, tmp_path) -> Iterator[str]:
    """The crawl's KB: SQLite, or a fresh PostgreSQL schema in ``[postgres]`` runs."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"sqlite:///{tmp_path / 'kb.db'}"
    else:
        with postgres_schema() as url:
            yield url


def run_crawl_subprocess(site, db_url: str, *source_ids: str, args: tuple = (),
                         env: dict | None = None, sources: Path = SOURCES,
                         base_url: str | None = None) -> dict:
    """Run ``python -m crawler.run_cli`` for source_ids; return its JSON report plus
    ``returncode`` and ``log`` (stderr)."""
    site.hits.clear()
    site.log.clear()
    cmd = [sys.executable, "-m", "crawler.run_cli", "--db", db_url, "--sources", str(sources),
           "--base-url", base_url or site.base_url, "--only", *source_ids]
    for setting in TEST_SETTINGS:
        cmd += ["--set", setting]
    cmd += args  # after the defaults: a test's --set wins
    full_env = {**os.environ, **KEY_ENV, **(env or {})}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={k: v for k, v in full_env.items() if v is not None})
    lines = proc.stdout.strip().splitlines()
    assert lines, f"no report (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    report = json.loads(lines[-1])
    report["returncode"], report["log"] = proc.returncode, proc.stderr
    return report


@pytest.fixture
def crawl(site, db_url):
    def run(*source_ids: str, **kwargs) -> dict:
        return run_crawl_subprocess(site, db_url, *source_ids, **kwargs)
    return run


@pytest.fixture
def kb(db_url):
    """Query helper over the crawl's KB: documents(source_id), versions(document)."""
    engine = make_engine(db_url)

    class KB:
        def documents(self, source_id: str) -> list[Document]:
            with Session(engine) as s:
                return list(s.exec(select(Document).where(Document.source_id == source_id)
                                   .order_by(Document.key)))

        def versions(self, doc: Document) -> list[DocumentVersion]:
            with Session(engine) as s:
                return list(s.exec(select(DocumentVersion).where(
                    DocumentVersion.document_id == doc.id).order_by(DocumentVersion.version_no)))

        def runs(self) -> list[Run]:
            with Session(engine) as s:
                return list(s.exec(select(Run).order_by(Run.id)))

        def version_count(self) -> int:
            with Session(engine) as s:
                return len(s.exec(select(DocumentVersion.id)).all())

    yield KB()
    engine.dispose()
