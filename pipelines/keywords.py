"""KeywordFilterPipeline: keep only documents mentioning one of the source's keywords,
for sources whose server cannot filter (congress.gov ignores ``query=``)."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.items import DocumentItem


def matches(text: str, terms: list[str]) -> bool:
    """Case-insensitive substring match of any term."""
    lowered = text.lower()
    return any(term.lower() in lowered for term in terms)


class KeywordFilterPipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, DocumentItem):
            return item
        keywords = self.crawler.spider.source.keywords
        if keywords.server_side or not keywords.terms:
            return item
        if not matches(f"{item.title or ''}\n{item.text}", keywords.terms):
            raise DropItem(f"No keyword match: {item.url!r}")
        return item
