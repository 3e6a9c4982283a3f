"""Article text extraction on the second core: after the first ``after`` pages of a crawl,
``extract_article`` (trafilatura, about 1 ms a page, most of frt's own work per page) runs in
one worker process, so the reactor thread only fetches, cleans and stores. Small crawls never
start the worker; a worker that dies is replaced by in-process extraction for the rest of
the crawl. The results are the same either way (the same function on the same HTML)."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawler.extract.article import Article, extract_article

logger = logging.getLogger(__name__)

DEFAULT_AFTER = 50
"""Pages extracted in-process before the worker starts (its start costs about a second)."""


class ArticlePool:
    """``await pool.extract(html, url)``: an :class:`Article`, from the worker once the crawl
    is past ``after`` pages (``after < 0``: never)."""

    def __init__(self, after: int = DEFAULT_AFTER) -> None:
        self.after = after
        self.pages = 0
        self._executor: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._executor is not None

    async def extract(self, html: str, url: str) -> Article:
        self.pages += 1
        if self.after < 0 or self.pages <= self.after:
            return extract_article(html, url)
        if self._executor is None:
            # forkserver: a clean process, never a fork of the reactor and its threads
            self._executor = ProcessPoolExecutor(max_workers=1,
                                                 mp_context=multiprocessing.get_context("forkserver"))
            logger.info("article text extraction moves to a worker process after %d pages", self.after)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, extract_article, html, url)
        except BrokenProcessPool:
            logger.warning("the article worker stopped; extracting in the crawl process from now on")
            self.close()
            self.after = -1
            return extract_article(html, url)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
