"""StorePipeline: write documents to the KB in batches, one short transaction each.

Identity is the source's dedupe key (or the canonical URL) plus the content hash
(``kb.store.store_document``, batched by ``kb.bulk``): an unchanged document is
only touched, a changed one gets a new DocumentVersion. A 304 (NotModifiedItem) only moves
``last_fetched``.

Items are buffered and written together (every FRT_STORE_BATCH items, after 1 s, and at
close) so that no transaction stays open across reactor turns: several sources crawl in one
process and one thread, and an open SQLite write transaction would block the others.
"""

from __future__ import annotations

import logging
import time

from scrapy import signals as scrapy_signals
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import task

from crawler import signals
from crawler.items import DocumentItem, NotModifiedItem
from kb.database import make_engine, session_scope
from kb.store import set_watermark, touch_unchanged, upsert_source, utcnow
from kb.bulk import store_batch
from kb.retry import write_transaction

logger = logging.getLogger(__name__)


class StorePipeline:
    max_age_s = 1.0
    """Flush a partial batch this long after its first item (keeps progress live)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.db_url = crawler.settings.get("FRT_DB_URL")
        self.batch_size = crawler.settings.getint("FRT_STORE_BATCH", 100)
        self.buffer: list[DocumentItem | NotModifiedItem] = []
        self.first_at = 0.0
        self.engine = None
        self.timer: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_closed, signal=scrapy_signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.engine = make_engine(self.db_url)
        with session_scope(self.engine) as session:
            upsert_source(session, self.crawler.spider.source)
        self.timer = task.LoopingCall(self._flush_stale)
        self.timer.start(self.max_age_s, now=False)

    def _flush_stale(self) -> None:
        """A slow source (one page every few seconds) still reports its documents promptly."""
        if self.buffer and time.monotonic() - self.first_at >= self.max_age_s:
            self.flush()

    def process_item(self, item):
        if isinstance(item, (DocumentItem, NotModifiedItem)):
            if not self.buffer:
                self.first_at = time.monotonic()
            self.buffer.append(item)
            if len(self.buffer) >= self.batch_size or \
                    time.monotonic() - self.first_at >= self.max_age_s:
                self.flush()
        return item

    def flush(self) -> None:
        """Write the buffered items in one transaction and announce each stored document."""
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        spider = self.crawler.spider
        documents = [item for item in batch if isinstance(item, DocumentItem)]
        try:
            def write(session):  # re-run as a whole if another process wrote first (kb.retry)
                for item in batch:
                    if isinstance(item, NotModifiedItem):
                        touch_unchanged(session, item.url)
                return store_batch(session, documents, spider.source.dedupe_key,
                                   spider.source.base_url, utcnow())
            statuses = write_transaction(self.engine, write, lock=f"store:{spider.source.id}")
            for item, status in zip(documents, statuses):
                item.status = status
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            spider.report_error(f"store failed for a batch of {len(batch)}: {reason}")
            return
        for item in batch:
            self.crawler.signals.send_catch_log(signals.document_stored, spider=spider,
                                                item=item)

    def close_spider(self):
        if self.timer.running:
            self.timer.stop()
        self.flush()

    def spider_closed(self, spider, reason):
        """Move the watermark only after a complete, error-free crawl."""
        if self.engine is None:
            return
        complete = reason == "finished" and not spider.truncated and not spider.error_count
        if complete and spider.newest_seen:
            with session_scope(self.engine) as session:
                set_watermark(session, spider.source.id, spider.newest_seen)
        self.engine.dispose()
