"""CleanPipeline: normalise text and title, make dates timezone-aware, drop empty documents."""

from __future__ import annotations

import re
from datetime import UTC

from scrapy.exceptions import DropItem

from crawler.items import DocumentItem
from kb.keys import normalize_text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # keeps \t \n \f (PDF page breaks)


class CleanPipeline:
    """Runs first: every later stage sees normalised text, without what the source's
    ``ignore_patterns`` match (a "last updated" stamp is never a change)."""

    min_chars = 20
    """Shorter texts are page chrome or failed extractions, not documents."""

    def __init__(self, crawler=None):
        self.crawler = crawler
        self._ignore: list[re.Pattern] | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def ignore(self) -> list[re.Pattern]:
        if self._ignore is None:
            source = getattr(getattr(self.crawler, "spider", None), "source", None)
            self._ignore = [re.compile(p) for p in getattr(source, "ignore_patterns", None) or []]
        return self._ignore

    def process_item(self, item):
        if not isinstance(item, DocumentItem):
            return item
        for pattern in self.ignore():
            item.text = pattern.sub("", item.text)
            if item.pages is not None:
                item.pages = [pattern.sub("", p) for p in item.pages]
        pages = item.text.split("\f")
        item.text = "\f".join(normalize_text(_CONTROL.sub("", p)) for p in pages).strip("\f\n ")
        if item.pages is not None:
            item.pages = [normalize_text(_CONTROL.sub("", p)) for p in item.pages]
        if item.title:
            item.title = " ".join(item.title.split()) or None
        for name in ("published", "modified"):
            value = getattr(item, name)
            if value is not None and value.tzinfo is None:
                setattr(item, name, value.replace(tzinfo=UTC))
        item.authors = list(dict.fromkeys(a.strip() for a in item.authors if a and a.strip()))
        if len(item.text.replace("\f", "").strip()) < self.min_chars:
            raise DropItem(f"Empty document: {item.url!r}")
        return item
