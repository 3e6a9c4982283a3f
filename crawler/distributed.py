"""A crawl shared by several worker processes through Redis (scrapy-redis).

With ``--scheduler redis://...`` (or ``FRT_SCHEDULER``) every worker of a run uses one
frontier (request queue) and one duplicate filter in Redis, under the prefix
``frt:<run key>:<source id>``. Workers given the same scheduler URL and run key share the
work; a different run key (or source) never mixes with it.

- The run key is ``--run-key`` / ``FRT_RUN_KEY``, else today's UTC date: workers started the
  same day for the same source join one run.
- Start requests are seeded once: the first worker of a run takes the ``:seed`` lock (Redis
  ``SET NX``) and yields the spider's start requests; the others only consume the queue.
- A worker pops a request and marks itself busy (``:busy:<worker>``, with a TTL it refreshes)
  in one atomic step. An idle worker stays open while the queue holds requests or another
  worker is busy (what it is fetching may add requests), so no worker leaves early.
- ``:workers`` lists the workers on the run (``redis-cli smembers``).
- The last worker to finish deletes the run's keys, so the same run key can be used for the
  next crawl (e.g. the next ``frt watch``). A run whose workers were all stopped keeps its
  keys: rerunning it resumes the queue (requests a killed worker had in flight are lost).
"""

from __future__ import annotations

import logging
import os
import re
import socket
from datetime import UTC, datetime
from typing import Any

from scrapy import signals as scrapy_signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import call_later, create_looping_call

from crawler.dupefilter import ReportsRedirectLoops

try:
    from scrapy_redis.dupefilter import RFPDupeFilter as RedisDupeFilter
    from scrapy_redis.scheduler import Scheduler as RedisScheduler
except ImportError:  # the "redis" extra is not installed: check_scheduler says so
    RedisDupeFilter = RedisScheduler = object

logger = logging.getLogger(__name__)

SCHEDULER_ENV = "FRT_SCHEDULER"
RUN_KEY_ENV = "FRT_RUN_KEY"
BUSY_TTL_S = 120
"""A worker counts as busy this long after its last heartbeat (a killed worker stops
holding the others open after that)."""
HEARTBEAT_S = 2.0
IDLE_POLL_S = 0.5
"""How soon an idle worker looks at the shared queue again (Scrapy's own heartbeat is 5 s)."""
_RUN_KEY = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
# Pop the best request and mark this worker busy in one step, so that a worker checking
# "queue empty and nobody busy" can never miss a request in flight.
_POP = """
local r = redis.call('zrange', KEYS[1], 0, 0)
if #r > 0 then
  redis.call('zremrangebyrank', KEYS[1], 0, 0)
  redis.call('set', KEYS[2], ARGV[1], 'EX', ARGV[2])
end
return r
"""


class SchedulerError(ValueError):
    """The scheduler URL or run key is unusable (bad URL, Redis down)."""


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def default_run_key() -> str:
    """``FRT_RUN_KEY``, else today's UTC date: workers started the same day join one run."""
    return os.environ.get(RUN_KEY_ENV) or datetime.now(UTC).strftime("%Y-%m-%d")


def _safe_url(url: str) -> str:
    """The URL without its password (for messages)."""
    return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1:***@", url)


def check_scheduler(url: str, run_key: str) -> None:
    """Raise SchedulerError (one line) unless url is a reachable Redis and run_key usable."""
    if RedisScheduler is object:
        raise SchedulerError("--scheduler needs scrapy-redis: pip install 'frt-tracker[redis]'")
    import redis

    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise SchedulerError(f"--scheduler must be a redis:// URL, got {_safe_url(url)!r}")
    if not _RUN_KEY.match(run_key):
        raise SchedulerError(f"run key {run_key!r}: use 1-100 letters, digits, '.', '_' or '-'")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except (ValueError, redis.RedisError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SchedulerError(
            f"cannot use the Redis scheduler at {_safe_url(url)}: {reason}") from None


def key_prefix(run_key: str, source_id: str) -> str:
    return f"frt:{run_key}:{source_id}"


def scheduler_settings(url: str, run_key: str) -> dict[str, Any]:
    """Scrapy settings that put every source's frontier and duplicate filter in Redis."""
    prefix = key_prefix(run_key, "%(spider)s")  # scrapy-redis fills in the spider (source) id
    return {
        "SCHEDULER": "crawler.distributed.SharedScheduler",  # default Scrapy's in-memory one
        "DUPEFILTER_CLASS": "crawler.distributed.SharedDupeFilter",  # fingerprints in Redis
        "SCHEDULER_PERSIST": True,  # scrapy-redis default False flushes queue and filter when
        # any worker closes, under the others' feet: the last one out clears them (close below)
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "REDIS_URL": url,
        "FRT_RUN_KEY": run_key,
    }


class SharedDupeFilter(ReportsRedirectLoops, RedisDupeFilter):
    """scrapy-redis' duplicate filter that, like crawler.dupefilter, reports a redirect loop
    as a source error instead of dropping the page silently."""

    @classmethod
    def from_spider(cls, spider):
        dupefilter = super().from_spider(spider)
        dupefilter.crawler = spider.crawler
        return dupefilter


class SharedScheduler(RedisScheduler):
    """scrapy-redis' scheduler with a seed-once lock, busy marks and a shared end of run."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.worker = worker_id()
        return scheduler

    def open(self, spider):
        super().open(spider)
        prefix = key_prefix(self.crawler.settings.get("FRT_RUN_KEY"), spider.name)
        self.seed_key, self.busy_prefix = f"{prefix}:seed", f"{prefix}:busy:"
        self.busy_key, self.workers_key = self.busy_prefix + self.worker, f"{prefix}:workers"
        self._pop = self.server.register_script(_POP)
        # The first worker seeds; it is busy from now on, so nobody ends the run before its
        # start requests are queued.
        with self.server.pipeline() as pipe:
            pipe.set(self.seed_key, self.worker, nx=True)
            pipe.set(self.busy_key, "seeding", ex=BUSY_TTL_S)
            pipe.sadd(self.workers_key, self.worker)  # who is on the run (SMEMBERS shows it)
            claimed, *_ = pipe.execute()
        spider.frt_seeds = bool(claimed)
        if not claimed:
            self.server.delete(self.busy_key)
        logger.info("%s: %s run %s (worker %s)", spider.name,
                    "seeding" if claimed else "joining", prefix, self.worker)
        self.heartbeat = create_looping_call(self._beat)
        self.heartbeat.start(HEARTBEAT_S, now=False)
        self.crawler.signals.connect(self._idle, signal=scrapy_signals.spider_idle)

    def enqueue_request(self, request):  # scrapy-redis' own, without the deprecated spider=
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        popped = self._pop(keys=[self.queue.key, self.busy_key], args=["fetching", BUSY_TTL_S])
        if not popped:
            return None
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return self.queue._decode_request(popped[0])

    def _locally_busy(self) -> bool:
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        return bool(engine.downloader.active or getattr(engine, "_start", None) is not None
                    or (slot is not None and slot.inprogress)
                    or not engine.scraper.slot.is_idle())

    def _beat(self) -> None:
        if self._locally_busy():
            self.server.set(self.busy_key, "fetching", ex=BUSY_TTL_S)
        else:
            self.server.delete(self.busy_key)

    def _others_busy(self) -> bool:
        """Requests queued, or another worker still busy (checked in that order: a pop marks
        its worker busy atomically, so an empty queue is never read before that mark)."""
        if len(self.queue):
            return True
        return any(True for _ in self.server.scan_iter(match=self.busy_prefix + "*", count=100))

    def _idle(self, spider) -> None:
        self.server.delete(self.busy_key)  # idle: everything this worker found is queued
        if self._others_busy():
            slot = getattr(self.crawler.engine, "_slot", None)
            if slot is not None:  # look again soon rather than at Scrapy's 5 s heartbeat
                call_later(IDLE_POLL_S, slot.nextcall.schedule)
            raise DontCloseSpider

    def close(self, reason):
        if self.heartbeat.running:
            self.heartbeat.stop()
        self.server.delete(self.busy_key)
        self.server.srem(self.workers_key, self.worker)
        if reason == "finished" and not self._others_busy():
            # the run is over: the next crawl with this run key starts afresh
            self.server.delete(self.queue.key, self.df.key, self.seed_key)
        super().close(reason)


def seed_once(spidercls: type) -> type:
    """A subclass of spidercls whose start requests come only from the worker that took the
    run's seed lock (SharedScheduler.open sets ``frt_seeds``)."""

    async def start(self):
        if not getattr(self, "frt_seeds", True):
            return
        async for request in super(subclass, self).start():
            yield request

    subclass = type(spidercls.__name__, (spidercls,), {"start": start})
    return subclass
