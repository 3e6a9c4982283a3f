"""run_crawl: crawl several sources concurrently in one Scrapy CrawlerProcess.

Twisted's reactor starts once per process, so ``run_crawl`` can be called once per
process; a second call raises CrawlError. Run each crawl in its own process: the ``frt crawl``
command, or ``python -m crawler.run_cli`` (what the tests do).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

# Scrapy's HTTP download handler builds deprecated-class shims with inspect.stack(), whose
# cost grows with the call stack: imported here, before Twisted's deferred frames pile up,
# it takes 0.1 s instead of 0.7 s of every crawl's start (what a watch of an unchanged site
# mostly is).
import scrapy.core.downloader.handlers.http11  # noqa: F401  (imported for its side effect)
from scrapy import signals as scrapy_signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from sqlalchemy.exc import IntegrityError

from crawler import signals
from crawler.constants import SpiderType
from crawler.logformatter import one_line_console_logs, redact, redact_logs
from crawler.extract.dates import parse_date
from crawler.registry import Source
from crawler.report import CrawlReport, SourceStats
from crawler.settings import BASE_SETTINGS, source_settings, user_agent
from crawler.spiders import SPIDERS
from kb.database import make_engine, session_scope
from kb.retry import write_transaction
from kb.health import record_crawl
from kb.store import (due_documents, finish_run, get_watermark, page_validators,
                      save_page_validators, source_validators, start_run, upsert_source, utcnow)

EventHandler = Callable[[str, str, dict], None]
__all__ = ["CrawlError", "CrawlReport", "SourceStats", "run_crawl"]
_started = False


class CrawlError(RuntimeError):
    """Raised by run_crawl when called a second time in one process (the reactor cannot
    restart)."""


def fetches_pages(source: Source) -> bool:
    """Whether the source's documents are pages fetched by URL (not records of an API or
    entries of a feed), so that a known document can be re-fetched on its own."""
    return (source.spider in (SpiderType.SITEMAP, SpiderType.HTML_LISTING, SpiderType.PAGES,
                              SpiderType.PDF)
            or (source.spider == SpiderType.FEED and source.follow_links)
            or (source.spider == SpiderType.JSON_API and bool(source.field_map.document_url)))


def _revisits(session, source: Source, revisit_all: bool) -> list[dict]:
    """Known documents due for a conditional re-fetch (``revisit_days`` old, or all), with
    what was stored as hints (the record's id keeps a document keyed by id the same)."""
    days = source.revisit_after_days
    if not fetches_pages(source) or (days == 0 and not revisit_all):
        return []
    before = None if revisit_all else utcnow() - timedelta(days=days)
    keyed = source.dedupe_key != "url"
    return [{"url": doc.url, "hints": {
        "title": doc.title, "published": doc.published.isoformat() if doc.published else None,
        "authors": list(doc.authors or []), "metadata": dict(doc.meta or {}),
        "external_id": doc.key if keyed else None}} for doc in due_documents(session, source.id, before)]


def _prepare(sources: list[Source], db_url: str, since: date | None,
             revisit_all: bool = False) -> dict[str, dict]:
    """Register the sources in the KB; read each one's since value, stored validators and the
    documents due for a revisit."""
    engine = make_engine(db_url)
    prepared: dict[str, dict] = {}
    with session_scope(engine) as session:
        for source in sources:
            upsert_source(session, source)
            lower = parse_date(since) if since else parse_date(get_watermark(session, source.id))
            prepared[source.id] = {"since": lower,
                                   "validators": source_validators(session, source.id),
                                   "page_validators": {} if since else  # --since re-reads every page
                                   page_validators(session, source.id),
                                   "revisit": _revisits(session, source, revisit_all)}
    engine.dispose()
    return prepared


def _record_run(db_url: str, report: CrawlReport, since: date | None,
                pages: dict[str, dict]) -> None:
    """One Run row per crawl (what each source found), and the feed/sitemap page validators
    the next crawl sends."""
    engine = make_engine(db_url)

    def write(session):  # re-run as a whole if another crawl recorded at the same time
        run = start_run(session, "crawl", since=since.isoformat() if since else None)
        finish_run(session, run, "failed" if report.failed_sources else "ok", **report.to_dict())
        failed = set(report.failed_sources)
        for source_id, stats in report.sources.items():
            record_crawl(session, source_id, asdict(stats), source_id in failed, run.started_at)
        for source_id, seen in pages.items():
            save_page_validators(session, source_id, seen)
    write_transaction(engine, write, lock="crawl-record")
    engine.dispose()


def _connect(crawler, source_id: str, stats: SourceStats, emit: EventHandler,
             pages: dict[str, dict], secrets: tuple[str, ...] = ()) -> None:
    def page(response, request, spider):
        if not response.url.endswith("/robots.txt"):
            stats.pages += 1
            if response.status == 304 and request.meta.get("frt_page"):
                stats.pages_not_modified += 1
            emit("page", source_id, {"url": response.url, "status": response.status})

    def stored(spider, item):
        status = item.status or "unchanged"
        stats.items += 1
        setattr(stats, status, getattr(stats, status) + 1)
        info = {"status": status, "url": item.url}
        if item.__class__.__name__ == "NotModifiedItem":
            stats.not_modified += 1
            info["not_modified"] = True
        emit("item", source_id, info)

    def error(spider, reason):
        reason = redact(reason, secrets)  # the reasons go to the KB's run record and the terminal
        stats.errors.append(reason)
        emit("error", source_id, {"reason": reason})

    def item_error(item, response, spider, failure):
        error(spider, f"pipeline error on {getattr(item, 'url', '?')}: {failure.value}")

    def spider_error(failure, response, spider):
        error(spider, f"{response.url}: {failure.type.__name__}: {failure.value}")

    def opened(spider):
        stats.elapsed_s = -time.monotonic()

    def closed(spider, reason):
        stats.finish_reason = reason
        pages[source_id] = spider.page_validators_seen
        stats.skipped = list(spider.skipped)
        stats.elapsed_s = round(time.monotonic() + (stats.elapsed_s or 0.0), 3)
        emit("source_done", source_id, {**asdict(stats), "reason": reason})

    for handler, signal in [(page, scrapy_signals.response_received),
                            (stored, signals.document_stored), (error, signals.source_error),
                            (item_error, scrapy_signals.item_error),
                            (spider_error, scrapy_signals.spider_error),
                            (opened, scrapy_signals.spider_opened),
                            (closed, scrapy_signals.spider_closed)]:
        crawler.signals.connect(handler, signal=signal, weak=False)


def run_crawl(sources: list[Source], db_url: str, *, since: date | None = None,
              max_pages: int | None = None, jobdir: Path | None = None,
              on_event: EventHandler | None = None,
              settings: dict | None = None, revisit_all: bool = False,
              scheduler: str | None = None, run_key: str | None = None) -> CrawlReport:
    """Crawl sources concurrently into the KB at db_url; blocks until all are done.

    Args:
        sources: source definitions (``crawler.registry.load_sources``).
        db_url: SQLAlchemy URL of the KB; the store pipeline opens its own engine.
        since: crawl changes since this date instead of each source's KB watermark.
        max_pages: requests per source (listing pages, API pages and documents).
        jobdir: resumable state, one subfolder per source; removed when a source finishes.
        on_event: called as (event, source_id, info) for "page", "item" (info: status
            new/changed/unchanged, url), "error" (info: reason) and "source_done".
        settings: extra Scrapy settings, overriding frt's and the sources' (tests).
        revisit_all: re-fetch every known document now (conditionally), not only those
            ``revisit_days`` old.
        scheduler: a redis:// URL: share the frontier and duplicate filter with the other
            workers given the same URL and run key (``crawler.distributed``); jobdir and
            max_pages are then per worker and jobdir is ignored (Redis holds the state).
        run_key: which run this worker joins (default: today's UTC date).

    Raises:
        CrawlError: on a second call in the same process.
        crawler.distributed.SchedulerError: a bad scheduler URL or run key, or Redis down.
        kb.errors.KBError: when the KB cannot be opened.
    """
    global _started
    if _started:
        raise CrawlError("run_crawl can run once per process (Twisted's reactor cannot "
                         "restart); start a new process, e.g. python -m crawler.run_cli")
    shared: dict = {}
    if scheduler:
        from crawler import distributed  # scrapy-redis is needed only here

        run_key = run_key or distributed.default_run_key()
        distributed.check_scheduler(scheduler, run_key)
        shared, jobdir = distributed.scheduler_settings(scheduler, run_key), None
    try:
        prepared = _prepare(sources, db_url, since, revisit_all)
    except IntegrityError:  # another worker registered the same new source at the same time
        prepared = _prepare(sources, db_url, since, revisit_all)
    _started = True
    emit = on_event or (lambda *_: None)
    base = Settings(BASE_SETTINGS, priority="project")
    base.set("FRT_DB_URL", db_url, priority="project")
    base.set("USER_AGENT", user_agent(), priority="project")
    base.setdict({**shared, **(settings or {})}, priority="cmdline")
    process = CrawlerProcess(base)
    report, pages = CrawlReport(), {}
    secrets = tuple(sorted({s.auth.secret() for s in sources if s.auth.env and s.auth.secret()},
                           key=len, reverse=True))
    hide_secrets = redact_logs(secrets)
    for source in sources:
        spidercls = SPIDERS[source.spider].for_source(source, source_settings(source, jobdir))
        if shared:
            spidercls = distributed.seed_once(spidercls)
        crawler = process.create_crawler(spidercls)
        report.sources[source.id] = SourceStats()
        _connect(crawler, source.id, report.sources[source.id], emit, pages, secrets)
        crawler.signals.connect(one_line_console_logs, signal=scrapy_signals.spider_opened)
        crawler.signals.connect(hide_secrets, signal=scrapy_signals.spider_opened)
        process.crawl(crawler, source=source, max_pages=max_pages, **prepared[source.id])
    process.start()
    _record_run(db_url, report, since, pages)
    if jobdir is not None:
        for source_id, stats in report.sources.items():
            if stats.finish_reason == "finished":
                shutil.rmtree(Path(jobdir) / source_id, ignore_errors=True)
    return report
