"""HTML listing spider: listing pages -> article (or PDF) links, with next-page links.

Domain: newsrooms and policy blogs without feeds, city pages.
Caveats: article metadata comes from JSON-LD first, then meta tags, then trafilatura;
``url_include``/``url_exclude`` filter the article links; ``max_pages`` bounds the walk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawler.spiders.documents import DocumentSpider


def url_allowed(url: str, include: list[str], exclude: list[str]) -> bool:
    """True when url matches one include regex (or there are none) and no exclude regex."""
    if include and not any(re.search(p, url) for p in include):
        return False
    return not any(re.search(p, url) for p in exclude)


class HtmlListingSpider(DocumentSpider):
    def first_requests(self):
        for url in self.source.start_urls:
            request = self.request(url, self.parse_listing)
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            return
        source = self.source
        for href in response.css(source.link_selector).xpath("@href").getall():
            url = response.urljoin(href.strip())
            if url_allowed(url, source.url_include, source.url_exclude):
                request = self.document_request(url, hub=response)
                if request is not None:
                    yield request
        if source.next_page_selector:
            href = response.css(source.next_page_selector).xpath("@href").get()
            if href:
                request = self.request(response.urljoin(href.strip()), self.parse_listing)
                if request is not None:
                    yield request
