"""A duplicate filter that reports redirect loops instead of dropping them silently.

Scrapy sends a redirected request back through the scheduler; in a loop (a -> b -> a) the
second visit to ``a`` is filtered as a duplicate and logged at DEBUG only, so the page just
vanishes. Here that case becomes a source error naming the redirect chain.
"""

from __future__ import annotations

from scrapy.dupefilters import RFPDupeFilter


class ReportsRedirectLoops:
    """Mixin for a duplicate filter with a ``crawler`` attribute: a redirect chain that comes
    back to a URL already seen is reported as the spider's error (also used by the shared
    Redis filter in crawler/distributed.py)."""

    def request_seen(self, request) -> bool:
        seen = super().request_seen(request)
        chain = request.meta.get("redirect_urls")
        spider = getattr(getattr(self, "crawler", None), "spider", None)
        if seen and chain and hasattr(spider, "report_error"):
            path = " -> ".join([*chain, request.url])
            spider.report_error(f"{chain[0]}: redirect loop ({path})")
        return seen


class LoopReportingDupeFilter(ReportsRedirectLoops, RFPDupeFilter):
    @classmethod
    def from_crawler(cls, crawler):
        dupefilter = super().from_crawler(crawler)
        dupefilter.crawler = crawler
        return dupefilter
