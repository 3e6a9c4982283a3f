"""Article text extraction in a worker process (crawler/extract/pool.py): a crawl whose
articles all go through the worker stores exactly what an in-process crawl stores."""

from __future__ import annotations

import asyncio

from sqlmodel import Session, select

from crawler.extract.article import extract_article
from crawler.extract.pool import ArticlePool
from kb.database import make_engine
from kb.models import Document, DocumentVersion
from tests.crawler.conftest import run_crawl_subprocess

SOURCES = ("fixture_rss", "fixture_sitemap")


def _stored(url: str) -> list[tuple]:
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.exec(select(Document, DocumentVersion).join(
            DocumentVersion, DocumentVersion.id == Document.current_version_id).order_by(Document.key))
        out = [(d.source_id, d.key, d.title, d.published, tuple(d.authors), d.canonical_url, v.text)
               for d, v in rows]
    engine.dispose()
    return out


def test_crawl_through_the_worker_stores_what_an_in_process_crawl_stores(site, tmp_path):
    here = run_crawl_subprocess(site, f"sqlite:///{tmp_path / 'here.db'}", *SOURCES,
                                args=("--set", "FRT_ARTICLE_POOL_AFTER=-1"))
    pooled = run_crawl_subprocess(site, f"sqlite:///{tmp_path / 'pooled.db'}", *SOURCES,
                                  args=("--set", "FRT_ARTICLE_POOL_AFTER=0"))
    assert here["returncode"] == pooled["returncode"] == 0, pooled["log"][-2000:]
    assert "moves to a worker process" in pooled["log"] and "moves to a worker" not in here["log"]
    stored = _stored(f"sqlite:///{tmp_path / 'pooled.db'}")
    assert len(stored) >= 3 and stored == _stored(f"sqlite:///{tmp_path / 'here.db'}")


def test_pool_gives_the_in_process_article_and_falls_back_when_its_worker_dies():
    html = ("<html><head><title>Vendor pauses sales | Example News</title>"
            "<meta property='og:site_name' content='Example News'></head><body><article>"
            "<p>Vendor X said on Monday it would pause sales of face recognition to police.</p>"
            "<p>The pause lasts one year.</p></article></body></html>")
    url = "http://127.0.0.1/a"

    async def run() -> tuple:
        pool = ArticlePool(after=0)
        first = await pool.extract(html, url)
        assert pool.started
        for proc in list(pool._executor._processes.values()):  # the worker dies
            proc.kill()
            proc.join()
        second = await pool.extract(html, url)
        fell_back = not pool.started and pool.after == -1
        pool.close()
        return first, second, fell_back

    first, second, fell_back = asyncio.run(run())
    assert first == second == extract_article(html, url)
    assert fell_back
