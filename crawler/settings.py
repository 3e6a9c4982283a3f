"""Scrapy settings of every frt crawl, and the per-source overrides built from a Source.

Scrapy's library defaults differ from the ``scrapy startproject`` template (robots.txt is
not obeyed by default, a telnet console is opened), so everything frt relies on is set here
explicitly, each with the library default and the reason.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from crawler.registry import Source

DEFAULT_CONTACT = "https://github.com/frt-tracker/frt"


def user_agent() -> str:
    """``FRT_USER_AGENT`` if set, else ``frt/<version> (+FRT_CONTACT or the project URL)``."""
    explicit = os.environ.get("FRT_USER_AGENT")
    if explicit:
        return explicit
    contact = os.environ.get("FRT_CONTACT", DEFAULT_CONTACT)
    return f"frt/0.1 (facial-recognition policy tracker; +{contact})"


def _int_env(name: str, default: int) -> int:
    """An integer from the environment; a value that is not one leaves the default."""
    try:
        return int(os.environ.get(name) or default)
    except ValueError:
        return default


BASE_SETTINGS: dict[str, Any] = {
    "BOT_NAME": "frt",  # default "scrapybot": name the crawler in logs
    # USER_AGENT (default "Scrapy/VERSION (+https://scrapy.org)") is set per run from
    # user_agent(), so FRT_USER_AGENT / FRT_CONTACT are read when the crawl starts
    "ROBOTSTXT_OBEY": True,  # default False in the library: always obey unless a source opts out
    "TELNETCONSOLE_ENABLED": False,  # default True (port 6023): frt never uses it
    "LOG_LEVEL": "WARNING",  # default "DEBUG": the CLI shows progress itself
    "LOG_FORMATTER": "crawler.logformatter.FrtLogFormatter",  # default LogFormatter logs
    # every dropped item at WARNING with its full text; frt logs the reason at INFO
    "COOKIES_ENABLED": False,  # default True: no source needs a session; avoids tracking
    "DUPEFILTER_CLASS": "crawler.dupefilter.LoopReportingDupeFilter",  # default RFPDupeFilter:
    # same filter, but a redirect loop is reported as an error instead of vanishing
    "REDIRECT_MAX_TIMES": 5,  # default 20: RFC 9309 follows 5; a loop fails fast
    "RETRY_TIMES": 2,  # default 2 (kept explicit): initial try + 2 retries
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],  # default (kept explicit)
    "FRT_RETRY_AFTER_MAX_S": 60.0,  # frt's own: cap on a server's Retry-After wait
    "AUTOTHROTTLE_ENABLED": True,  # default False: adapt to server latency above the floor
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,  # default 1.0 (kept explicit)
    "AUTOTHROTTLE_MAX_DELAY": 60.0,  # default 60.0 (kept explicit)
    "DOWNLOAD_HANDLERS": {  # http(s) only: a feed or sitemap must never make frt read a
        # local file or reach an FTP/S3 host (the spiders refuse such links too)
        "file": None, "ftp": None, "s3": None, "data": None,
    },
    "EXTENSIONS": {  # AutoThrottle that lowers its delay on 304 answers too (crawler/throttle.py)
        "scrapy.extensions.throttle.AutoThrottle": None,
        "crawler.throttle.NotModifiedAwareAutoThrottle": 0,
    },
    "DOWNLOADER_MIDDLEWARES": {
        # Order matters: auth and conditional headers are added before the request leaves;
        # RetryAfter replaces Scrapy's RetryMiddleware (550) and honours Retry-After.
        "crawler.ssrf.PrivateAddressGuardMiddleware": 50,  # before robots.txt is asked for
        "crawler.middlewares.AuthMiddleware": 380,
        "crawler.middlewares.ConditionalGetMiddleware": 390,
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.robots.Rfc9309RobotsTxtMiddleware": 100,  # Scrapy's slot; 5xx = disallow all
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawler.middlewares.RetryAfterMiddleware": 550,
    },
    "ITEM_PIPELINES": {
        # Ordering constraint: clean before the keyword filter (it reads clean text), the
        # in-run dedupe before store (store assumes one item per key per batch).
        "pipelines.clean.CleanPipeline": 100,
        "pipelines.keywords.KeywordFilterPipeline": 200,
        "pipelines.dedupe.DedupePipeline": 300,
        "pipelines.store.StorePipeline": 900,
    },
    "CONCURRENT_ITEMS": 8,  # default 100: Scrapy starts that many asyncio tasks per response;
    # frt's pipelines are synchronous, so they buy nothing and cost ~25% of crawl throughput
    "FRT_STORE_BATCH": 100,  # frt's own: documents written per transaction
    # frt's own: article pages read in the crawl process before a worker takes the rest
    # (crawler/extract/pool.py); -1 never starts the worker
    "FRT_ARTICLE_POOL_AFTER": _int_env("FRT_ARTICLE_POOL_AFTER", 50),
}


def source_settings(source: Source, jobdir: Path | None = None) -> dict[str, Any]:
    """Per-source overrides, applied as the spider's ``custom_settings``.

    Args:
        source: the source definition (rate, timeout, size limit, robots policy).
        jobdir: parent directory of resumable job state; each source gets a subfolder.
    """
    rate = source.rate
    settings: dict[str, Any] = {
        "ROBOTSTXT_OBEY": source.respect_robots,  # frt default True (above); a source may opt out
        "DOWNLOAD_DELAY": rate.min_interval_s,  # default 0: the source's politeness floor
        "DOWNLOAD_DELAY_JITTER": 0,  # default 0.5 (0.5x-1.5x the delay): would break the floor,
        # e.g. arXiv's "at most one request every 3 s"
        "AUTOTHROTTLE_START_DELAY": rate.min_interval_s,  # default 5.0: start at
        # the floor; AutoThrottle never goes below DOWNLOAD_DELAY
        "CONCURRENT_REQUESTS": rate.concurrency,  # default 16
        "CONCURRENT_REQUESTS_PER_DOMAIN": rate.concurrency,  # default 8
        "DOWNLOAD_TIMEOUT": source.timeout_s,  # default 180: shutdown waits this long
        "DOWNLOAD_MAXSIZE": source.max_bytes,  # default 1 GiB
        "DOWNLOAD_WARNSIZE": min(source.max_bytes // 2, 32 * 1024 * 1024),  # default 32 MiB:
        # warn at half the limit, before the download is cancelled
    }
    if jobdir is not None:
        settings["JOBDIR"] = str(Path(jobdir) / source.id)  # default None: not resumable
    return settings
