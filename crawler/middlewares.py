"""Downloader middlewares: API keys from the environment, conditional GETs, Retry-After.

Each reads the crawl's Source from ``crawler.spider.source`` (set by SourceSpider).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from crawler.constants import AuthType
from kb.keys import canonical_url

logger = logging.getLogger(__name__)


class _SourceMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class AuthMiddleware(_SourceMiddleware):
    """Adds the source's API key (from its env var) as a query parameter or header, to
    requests for the source's own hosts only; the key never appears in the YAML."""

    def process_request(self, request: Request):
        auth = getattr(self.spider, "source", None) and self.spider.source.auth
        if not auth or auth.type == AuthType.NONE or not auth.secret():
            return None
        if urlsplit(request.url).hostname not in self.spider.api_hosts:
            return None
        if auth.type == AuthType.HEADER:
            if auth.name not in request.headers:
                request.headers[auth.name] = auth.secret()
            return None
        parts = urlsplit(request.url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if any(k == auth.name for k, _ in query):
            return None
        query.append((auth.name, auth.secret()))
        return request.replace(url=urlunsplit(parts._replace(query=urlencode(query))))


class ConditionalGetMiddleware(_SourceMiddleware):
    """Sends If-None-Match / If-Modified-Since for URLs already stored as documents
    (``spider.validators``, from the KB) and for feed/sitemap pages seen by the previous crawl
    (``spider.page_validators``); the spider handles the 304."""

    def process_request(self, request: Request):
        spider = self.spider
        if not getattr(spider, "source", None) or not spider.source.conditional_get:
            return
        if request.meta.get("frt_full"):  # a child sitemap whose listed lastmod moved
            return
        known = spider.page_validators if request.meta.get("frt_page") else spider.validators
        etag, last_modified = (known.get(canonical_url(request.url)) or (None, None))[:2]
        if etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = etag
        if last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = last_modified
        return


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but a 429/503 waits before the retry is scheduled: the
    server's Retry-After, or for a 429 without one 2 s, 4 s ... (both capped by
    FRT_RETRY_AFTER_MAX_S). Scrapy's own retries are immediate."""

    async def process_response(self, request: Request, response: Response):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        delay = retry_after_seconds(response.headers.get(b"Retry-After"))
        reason = f"HTTP {response.status}"
        if delay is not None and response.status in (429, 503):
            reason += f" (Retry-After {delay:g}s)"
        elif response.status == 429:
            delay = 2.0 * 2 ** request.meta.get("retry_times", 0)
        retry = self._retry(request, reason)
        if retry is None:
            return response
        if delay:
            delay = min(delay, self.crawler.settings.getfloat("FRT_RETRY_AFTER_MAX_S", 60.0))
            logger.info("%s: waiting %gs before retrying %s", self.crawler.spider.name, delay,
                        request.url)
            from twisted.internet import reactor

            await maybe_deferred_to_future(task.deferLater(reactor, delay, lambda: None))
        return retry
