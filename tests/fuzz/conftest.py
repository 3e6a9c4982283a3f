"""Generated hostile input for the parsers (hypothesis).

Profiles: ``ci`` (the default, what CI runs: 2,000 examples per test) and ``dev``
(``HYPOTHESIS_PROFILE=dev``: 200 examples, for a quick local run). Both are derandomized
(the same examples every run) and keep no example database, so a CI failure reproduces
locally with the same command. Each example has a 2 s deadline; each test as a whole is
stopped by SIGALRM after ``FUZZ_TEST_TIMEOUT_S`` (default 120 s), so a hang fails the test
instead of stalling the run.
"""

from __future__ import annotations

import os
import signal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings

_COMMON = dict(derandomize=True, database=None, deadline=2000, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much,
                                      HealthCheck.function_scoped_fixture])
settings.register_profile("ci", max_examples=2000, **_COMMON)
settings.register_profile("dev", max_examples=200, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TEST_TIMEOUT_S = int(os.environ.get("FUZZ_TEST_TIMEOUT_S", "120"))


class TestTimedOut(Exception):
    """Raised by the SIGALRM handler when one fuzz test runs past TEST_TIMEOUT_S."""


@pytest.fixture(autouse=True)
def overall_timeout():
    """Fail (not hang) a test that runs longer than TEST_TIMEOUT_S in total."""
    def expired(signum, frame):
        raise TestTimedOut(f"fuzz test ran longer than {TEST_TIMEOUT_S} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_TIMEOUT_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


class FakeCrawler:
    """What a spider callback touches of its crawler: stats, signals (report_error's
    one-line reasons are kept in ``reasons``) and settings."""

    def __init__(self):
        self.reasons: list[str] = []
        self.stats = SimpleNamespace(inc_value=lambda *a, **k: None)
        self.signals = SimpleNamespace(send_catch_log=self._signal)
        self.settings = SimpleNamespace(getint=lambda name, default=0: 1024 * 1024)

    def _signal(self, signal=None, spider=None, reason=None, **kwargs):
        if reason is not None:
            self.reasons.append(reason)


@pytest.fixture(scope="session", autouse=True)
def warm_up():
    """Load what the first parse loads (dateparser's language data: ~10 s; trafilatura), so
    that the per-example deadline measures parsing, not imports."""
    from crawler.extract.article import extract_article
    from crawler.extract.dates import parse_date

    parse_date("ý-d")
    parse_date("2024-13-45T99:99:99")  # a second lazy load (~2 s) on an impossible timestamp
    extract_article("<html><body><p>warm up</p></body></html>", "https://example.org/")
