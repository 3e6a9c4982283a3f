"""Sitemap spider: sitemap indexes and urlsets (gzipped or not), filtered by URL pattern
and lastmod, each URL fetched as an article or PDF.

Domain: vendor newsrooms without feeds (IBM), GovInfo.
Caveats: ``lastmod`` is the change signal: URLs older than the watermark (or
``lastmod_since``) are skipped; URLs without lastmod are always fetched.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from lxml import etree
from scrapy.http import Response

from crawler.extract.dates import parse_date
from crawler.spiders.documents import DocumentSpider
from crawler.spiders.html_listing import url_allowed
from kb.keys import canonical_url

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class SitemapTooLarge(ValueError):
    """Raised by _gunzip when a gzipped sitemap expands past the source's max_bytes."""


def _gunzip(body: bytes, limit: int) -> bytes:
    """A gzipped sitemap's bytes, expanded no further than ``limit`` (a gzip bomb of a few
    KB can expand to gigabytes; DOWNLOAD_MAXSIZE only bounds the compressed size).

    Raises:
        SitemapTooLarge: it expands past ``limit`` bytes.
        zlib.error, EOFError: not gzip, or truncated.
    """
    data, rest = b"", body
    while rest:  # gzip members may follow each other (gzip.decompress reads them all)
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data += inflater.decompress(rest, limit + 1 - len(data))
        if len(data) > limit:
            raise SitemapTooLarge(f"gzipped sitemap expands to more than max_bytes ({limit} bytes)")
        if not inflater.eof:
            raise EOFError("truncated gzip stream")
        rest = inflater.unused_data.lstrip(b"\0")  # zero padding after a member is allowed
    return data


def _entries(root) -> list[tuple[str, str | None]]:
    out = []
    for node in root:
        loc = lastmod = None
        for child in node:
            name = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip() or None
        if loc:
            out.append((loc, lastmod))
    return out


class SitemapSpider(DocumentSpider):
    def first_requests(self):
        for url in self.source.start_urls:
            request = self.page_request(url, self.parse_sitemap)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            self.remember_page(response)
            yield from self._known_children(response)
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":  # a .xml.gz served as-is (no Content-Encoding)
            try:
                body = _gunzip(body, self.source.max_bytes)
            except SitemapTooLarge as exc:
                self.report_error(f"{response.url}: {exc}")
                return
            except (zlib.error, EOFError) as exc:
                self.report_error(f"{response.url}: bad gzip ({exc})")
                return
        try:
            root = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError as exc:
            self.report_error(f"{response.url}: malformed sitemap: {' '.join(str(exc).split())}")
            return
        self.remember_page(response)  # only a sitemap that parsed may be skipped next time
        kind = etree.QName(root).localname
        floor = self.since or parse_date(self.source.lastmod_since)
        for loc, lastmod in _entries(root):
            modified = parse_date(lastmod)
            if floor and modified and modified < floor:
                continue
            try:  # one bad <loc> ("no scheme", "http://[::1") is reported, not the sitemap
                if kind == "sitemapindex":
                    request = self._child(response.urljoin(loc), lastmod)
                elif url_allowed(loc, self.source.url_include, self.source.url_exclude):
                    request = self.document_request(loc, {"updated": lastmod}, hub=response)
                else:
                    continue
            except ValueError as exc:
                self.report_error(f"{response.url}: skipped <loc> {loc[:200]!r}: {exc}"[:500])
                continue
            if request is not None:
                yield request

    def _child(self, url: str, lastmod: str | None):
        """A child sitemap: read in full when the lastmod its index gives moved since the last
        crawl (its own validators may not have), else asked conditionally."""
        key = canonical_url(url)
        before = (self.page_validators.get(key) or [None, None, None])[2:3]
        moved = bool(lastmod) and before != [lastmod]
        if lastmod:
            self.listed_lastmod[key] = lastmod
        return self.page_request(url, self.parse_sitemap, meta={"frt_full": moved})

    def _known_children(self, index: Response) -> Iterator[Any]:
        """An index answered 304: its children (the pages it listed last time) are still asked
        conditionally, so a child changed behind an unchanged index is read."""
        own = canonical_url(index.url)
        for url, values in self.page_validators.items():
            if url != own and len(values) > 2 and values[2]:
                request = self.page_request(url, self.parse_sitemap)
                if request is not None:
                    yield request
