"""SourceSpider: what every generic spider shares (the Source, errors, paging budget,
watermark, conditional-GET answers). Spider modules mostly implement ``first_requests``
and their callbacks."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler import signals
from crawler.extract.dates import iso_utc, parse_date
from crawler.items import DocumentItem, NotModifiedItem
from crawler.registry import Source
from kb.keys import canonical_url

logger = logging.getLogger(__name__)


def describe_failure(failure: Failure) -> str:
    """One line saying why a request failed (HTTP status, robots.txt, timeout, size...)."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    text = str(failure.value).strip().splitlines()
    reason = text[0] if text else ""
    return f"{failure.type.__name__}: {reason}" if reason else failure.type.__name__


class SourceSpider(scrapy.Spider):
    """Base of the five generic spiders; configured entirely by ``self.source``."""

    handle_httpstatus_list = [304]  # conditional GET answers reach the callbacks

    def __init__(self, source: Source, since: datetime | None = None,
                 max_pages: int | None = None, validators: dict | None = None,
                 page_validators: dict | None = None, revisit: list[dict] | None = None,
                 **kwargs: Any):
        super().__init__(name=source.id, **kwargs)
        self.source = source
        if since is None and source.incremental and source.incremental.initial:
            since = parse_date(source.incremental.initial)
        self.since = since
        """Incremental lower bound: --since, else the KB watermark, else incremental.initial."""
        self.max_pages = max_pages or source.max_pages
        self.validators: dict[str, tuple[str | None, str | None]] = validators or {}
        """canonical URL -> (ETag, Last-Modified) of stored documents."""
        self.page_validators: dict[str, list] = page_validators or {}
        """The same for feed and sitemap pages, as the previous crawl saw them."""
        self.page_validators_seen: dict[str, list] = {}
        self.listed_lastmod: dict[str, str] = {}
        """Child sitemap -> the lastmod its index gave it this crawl."""
        self.revisit = revisit or []
        """Known documents due for a conditional re-fetch: dicts of url and hints."""
        self.failed_hubs: set[str] = set()
        """Pages something they listed failed on: their validators are not saved."""
        self.requests_made = 0
        self.truncated = False
        """True when max_pages stopped the crawl early (the watermark must not move)."""
        self.skipped: list[str] = []
        """First URLs not requested because max_pages was reached."""
        self.newest_seen: str | None = None
        self.error_count = 0
        self.api_hosts = {urlsplit(u).hostname for u in [*source.start_urls, source.api_base or ""]}

    @classmethod
    def for_source(cls, source: Source, custom_settings: dict) -> type[SourceSpider]:
        """A subclass carrying this source's settings (Scrapy reads them from the class)."""
        return type(f"{cls.__name__}_{source.id}", (cls,),
                    {"name": source.id, "custom_settings": custom_settings})

    async def start(self):
        auth = self.source.auth
        if auth.env and not auth.secret():
            self.report_error(f"environment variable {auth.env} is not set (API key)")
            return
        for request in self.first_requests():
            yield request
        for request in self.revisit_requests():
            yield request

    def revisit_requests(self) -> Iterable[Request]:
        """Conditional re-fetches of known documents (spiders that fetch document pages)."""
        return ()

    def first_requests(self) -> Iterable[Request]:
        raise NotImplementedError

    def request(self, url: str, callback, **kwargs: Any) -> Request | None:
        """A request with frt's errback, or None once the max_pages budget is spent."""
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            # a feed, sitemap or record listing file:///etc/passwd (or ftp:, s3:, data:) would
            # have Scrapy's other download handlers read and store it
            self.report_error(f"{url[:200]}: refused, not an http(s) URL")
            return None
        if self.max_pages and self.requests_made >= self.max_pages:
            self.truncated = True
            if len(self.skipped) < 20:
                self.skipped.append(url)
            return None
        self.requests_made += 1
        kwargs.setdefault("errback", self.on_error)
        return Request(url, callback=callback, **kwargs)

    def page_request(self, url: str, callback, **kwargs: Any) -> Request | None:
        """A request for a feed or sitemap page: conditional on the previous crawl's answer
        (a 304 means nothing listed there changed)."""
        kwargs.setdefault("meta", {})["frt_page"] = True
        return self.request(url, callback, **kwargs)

    def fail_hub(self, hub: str | None) -> None:
        """A document listed by ``hub`` (a feed, sitemap or API page) failed: the hub keeps
        no validators, so the next crawl reads it in full and retries what it lists."""
        if hub:
            self.failed_hubs.add(hub)
            self.page_validators_seen.pop(hub, None)

    def remember_page(self, response: Response) -> None:
        """Keep a feed/sitemap page's validators for the next crawl (carried over on 304),
        unless something it listed failed."""
        key = canonical_url(response.url)
        if key in self.failed_hubs:
            return
        previous = self.page_validators.get(key) or []
        listed = self.listed_lastmod.get(key) or (previous[2] if len(previous) > 2 else None)
        if response.status == 304 and key in self.page_validators:
            self.page_validators_seen[key] = [*previous[:2], listed]
        elif response.status == 200:
            etag, modified = response.headers.get(b"ETag"), response.headers.get(b"Last-Modified")
            if etag or modified or listed:
                self.page_validators_seen[key] = [*(v.decode("latin-1") if v else None
                                                    for v in (etag, modified)), listed]

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        reason = describe_failure(failure)
        if reason == "DownloadCancelledError":  # a body without Content-Length grew too big
            limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
            reason += f": response larger than download max size ({limit} bytes)"
        self.report_error(f"{url}: {reason}")
        if request is not None:
            self.fail_hub(request.meta.get("frt_hub"))

    def report_error(self, reason: str) -> None:
        """Log a one-line reason, count it and tell the runner (source_error signal)."""
        self.error_count += 1
        logger.warning("%s: %s", self.name, reason)
        self.crawler.stats.inc_value("frt/errors")
        self.crawler.signals.send_catch_log(signals.source_error, spider=self, reason=reason)

    def since_text(self, fmt: str) -> str | None:
        return self.since.strftime(fmt) if self.since else None

    def note_change(self, value: Any) -> str | None:
        """Remember the newest change signal (updated_at, lastmod) for the watermark."""
        stamp = iso_utc(parse_date(value)) if value else None
        if stamp and (self.newest_seen is None or stamp > self.newest_seen):
            self.newest_seen = stamp
        return stamp

    def not_modified(self, response: Response) -> NotModifiedItem:
        return NotModifiedItem(source_id=self.source.id, url=response.url)

    def new_item(self, response: Response, **fields: Any) -> DocumentItem:
        """A DocumentItem with the source, URL, HTTP validators and kind filled in."""
        headers = response.headers
        etag = headers.get(b"ETag")
        last_modified = headers.get(b"Last-Modified")
        content_type = (headers.get(b"Content-Type") or b"").decode("latin-1").split(";")[0]
        fields.setdefault("kind", self.source.document_kind)
        fields.setdefault("content_type", content_type or "text/html")
        return DocumentItem(
            source_id=self.source.id, url=fields.pop("url", response.url),
            etag=etag.decode("latin-1") if etag else None,
            last_modified=last_modified.decode("latin-1") if last_modified else None, **fields)
