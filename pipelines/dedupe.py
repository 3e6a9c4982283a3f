"""DedupePipeline: one document per key within a run (a feed and its next page can repeat
an entry; a listing can link an article twice)."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.items import DocumentItem
from kb.store import document_key


class DedupePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, DocumentItem):
            return item
        source = self.crawler.spider.source
        key = document_key(item, source.dedupe_key, source.base_url)
        if key in self.seen:
            raise DropItem(f"Duplicate document: {key!r}")
        self.seen.add(key)
        return item
