"""AutoThrottle lowers its delay on 304 answers (a watch's unchanged pages), not on errors."""

from __future__ import annotations

from scrapy.core.downloader import Slot
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.settings import BASE_SETTINGS
from crawler.throttle import NotModifiedAwareAutoThrottle


def _delay_after(status: int, answers: int = 10) -> float:
    crawler = get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_START_DELAY": 0.5})
    throttle = NotModifiedAwareAutoThrottle(crawler)
    throttle.mindelay, throttle.maxdelay = throttle._min_delay(), throttle._max_delay()  # as on spider_opened
    slot = Slot(concurrency=4, delay=0.5, jitter=0)
    for _ in range(answers):
        throttle._adjust_delay(slot, 0.01, Response("http://127.0.0.1/a", status=status))
    return slot.delay


def test_not_modified_answers_lower_the_delay_like_200_and_errors_do_not():
    assert _delay_after(304) == _delay_after(200) < 0.05  # from 0.5 towards the 0.01 s latency
    assert _delay_after(503) == 0.5


def test_frt_uses_it_instead_of_scrapys():
    extensions = BASE_SETTINGS["EXTENSIONS"]
    assert extensions["scrapy.extensions.throttle.AutoThrottle"] is None
    assert "crawler.throttle.NotModifiedAwareAutoThrottle" in extensions
