"""Feed spider: RSS 2.0 and Atom (arXiv's API included, both styles), optionally paged
with start/max_results, optionally following each entry's link to the article or PDF.

Domain: vendor blogs and newsrooms with feeds; the arXiv API.
Caveats: arXiv reports errors as a one-entry feed (sometimes with HTTP 400); that is
reported as an error, never stored. Entries older than the watermark are skipped, and
paging stops at a page that holds only old entries (feeds are newest first).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response
from w3lib.html import remove_tags, replace_entities

from crawler.constants import PagingType
from crawler.extract.dates import parse_date
from crawler.extract.feeds import Entry, FeedError, arxiv_id, parse_feed
from crawler.spiders.documents import DocumentSpider
from crawler.spiders.params import base_params, query_value, with_params


class FeedSpider(DocumentSpider):
    handle_httpstatus_list = [304, 400]  # arXiv sends its error feed with HTTP 400

    def first_requests(self):
        source = self.source
        pairs = base_params(source, self.since_text(source.incremental.format
                                                   if source.incremental else "%Y-%m-%d"))
        paging = source.paging
        if paging.type == PagingType.START:
            pairs += [(paging.param, paging.first or 0), (paging.size_param or "max_results",
                                                           paging.size)]
        for url in source.start_urls or [source.api_base]:
            request = self.page_request(with_params(url, pairs) if pairs else url,
                                         self.parse_feed)
            if request is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            self.remember_page(response)
            return
        try:
            feed = parse_feed(response.body, response.url)
        except FeedError as exc:
            self.report_error(f"{response.url}: {exc}")
            return
        if response.status >= 400:
            self.report_error(f"{response.url}: HTTP {response.status}")
            return
        fresh, broken = 0, 0
        for n, entry in enumerate(feed.entries, 1):
            updated = parse_date(entry.updated or entry.published)
            if self.since and updated and updated < self.since:
                continue
            fresh += 1
            try:  # one bad item is logged and skipped, never the rest of the feed
                yield from self._entry(response, entry, feed.title)
            except Exception as exc:  # noqa: BLE001 - any item-level failure
                broken += 1
                self.report_error(f"{response.url}: item {n} ({entry.link or entry.id or 'no link'}) "
                                  f"skipped: {type(exc).__name__}: {exc}")
        if not broken:
            # only a feed whose every item was processed may be answered 304 next time;
            # otherwise the next crawl fetches it in full and retries what failed
            self.remember_page(response)
        yield from self._next_page(response, len(feed.entries), fresh, feed.total)

    def _next_page(self, response: Response, count: int, fresh: int, total: int | None):
        paging = self.source.paging
        if paging.type != PagingType.START or count < paging.size or fresh == 0:
            return
        start = int(query_value(response.url, paging.param) or 0) + count
        if total is not None and start >= total:
            return
        request = self.page_request(with_params(response.url, [(paging.param, start)]),
                               self.parse_feed)
        if request is not None:
            yield request

    def _entry(self, response: Response, entry: Entry, feed_title: str) -> Iterator[Any]:
        arxiv = arxiv_id(entry.id)
        metadata: dict[str, Any] = {"categories": entry.categories, **entry.extra}
        external = entry.id
        if arxiv:
            external = arxiv[0]
            metadata.update(arxiv_id=arxiv[0], version=f"v{arxiv[1]}" if arxiv[1] else None)
        if self.source.dedupe_key == "url":
            external = None
        hints = {"title": entry.title, "published": entry.published, "authors": entry.authors,
                 "updated": entry.updated or entry.published, "external_id": external,
                 "metadata": metadata}
        if self.source.follow_links and entry.link:
            request = self.document_request(entry.link, hints, hub=response)
            if request is not None:
                yield request
            return
        summary = replace_entities(remove_tags(entry.summary))
        if arxiv:  # arXiv abstracts carry hard line breaks
            summary = " ".join(summary.split())
        stamp = self.note_change(hints["updated"])
        yield self.new_item(
            response, url=entry.link or entry.id or response.url, title=entry.title,
            text=f"{entry.title}\n\n{summary}".strip(), published=parse_date(entry.published),
            modified=parse_date(entry.updated), authors=entry.authors, external_id=external,
            metadata=metadata, watermark=stamp, content_type="application/atom+xml"
            if arxiv else "application/rss+xml",
            kind=self.source.document_kind or ("paper" if arxiv else "announcement"))
