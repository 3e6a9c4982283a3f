"""A small knowledge base for the `frt serve` and browser tests: a vendor moratorium and its
extension, a pause that ends within 90 days of today, a city's ban from its council record, a
Gender Shades finding, and a document whose title holds markup (it must show as text
everywhere)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store
from kb.database import make_engine, session_scope
from kb.extract import extract_all
from tests.kb.fake_extractor import FakeExtractor, commitment, entity

ROOT = Path(__file__).resolve().parents[2]
NEWS = SourceDef(id="news", name="Vendor news", kind="vendor", spider="feed",
                 start_urls=["http://127.0.0.1/feed"])
BILLS = SourceDef(id="bills", name="City council", kind="legislature", spider="json_api",
                  api_base="http://127.0.0.1/bills")
PAPERS = SourceDef(id="papers", name="Research papers", kind="research", spider="feed",
                   start_urls=["http://127.0.0.1/papers"])

MORATORIUM = "Amazon Web Services announced a one-year moratorium on police use of Rekognition."
EXTENSION = "Amazon extended its moratorium on police use of Rekognition indefinitely."
PAUSE = "Acme Vision paused sales of FaceFind to police for a limited period."
GENDER_SHADES = ("Gender Shades found IBM's classifier had an error rate of 34.7% for "
                 "darker-skinned women against 0.8% for lighter-skinned men.")
BAN = "Bans city departments from using face recognition."
HOSTILE_TITLE = "<script>alert('title')</script> {{ 7*7 }} Acme statement"


def _finding(text: str) -> dict:
    i = text.index(GENDER_SHADES)
    return {"study": "Gender Shades", "system": None, "vendor": "IBM", "metric": "error_rate",
            "value": 34.7, "unit": "%", "group": "darker-skinned women",
            "comparison_group": "lighter-skinned men", "comparison_value": 0.8,
            "dataset": "Pilot Parliaments Benchmark", "quote": GENDER_SHADES,
            "start_char": i, "end_char": i + len(GENDER_SHADES)}


def _results(today: date) -> dict:
    ends = (today + timedelta(days=30)).isoformat()
    began = (today - timedelta(days=300)).isoformat()
    return {
        "one-year": lambda t: {
            "entities": [entity(t, "Amazon Web Services", "VENDOR", "Amazon"),
                         entity(t, "Rekognition", "PRODUCT")],
            "commitments": [commitment("Amazon", "moratorium", t, t, start="2020-06-10",
                                       end="2021-06-10", duration="one-year",
                                       product="Rekognition")]},
        "indefinitely": lambda t: {
            "entities": [entity(t, "Amazon", "VENDOR")],
            "commitments": [commitment("Amazon", "extension", t, t, start="2021-05-18",
                                       duration="indefinitely", product="Rekognition")]},
        "limited period": lambda t: {
            "entities": [entity(t, "Acme Vision", "VENDOR")],
            "commitments": [commitment("Acme Vision", "pause", t, t, start=began, end=ends,
                                       product="FaceFind")]},
        "Bans city departments": lambda t: {
            "entities": [entity(t, "face recognition", "PRODUCT")],
            "commitments": [commitment("San Francisco", "ban", t, t, scope="government",
                                       start="2019-05-21")]},
        "Gender Shades": lambda t: {
            "entities": [entity(t, "IBM", "VENDOR"), entity(t, "Gender Shades", "STUDY")],
            "findings": [_finding(t)]},
    }


def build_kb(path, today: date | None = None) -> str:
    """Create the knowledge base at ``path`` (a SQLite file) and return its URL."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    docs = [
        (NEWS, "http://127.0.0.1/a", "Amazon moratorium", MORATORIUM, (2020, 6, 10)),
        (NEWS, "http://127.0.0.1/b", "Amazon extends", EXTENSION, (2021, 5, 18)),
        (NEWS, "http://127.0.0.1/c", HOSTILE_TITLE, PAUSE, (2025, 1, 1)),
        (PAPERS, "http://127.0.0.1/gender-shades", "Gender Shades", GENDER_SHADES, (2018, 2, 1)),
    ]
    with session_scope(engine) as s:
        for src, doc_url, title, text, published in docs:
            store.upsert_source(s, src)
            store.store_document(s, DocumentItem(
                source_id=src.id, url=doc_url, title=title, text=text,
                published=datetime(*published, tzinfo=timezone.utc)))
        store.upsert_source(s, BILLS)
        store.store_document(s, DocumentItem(
            source_id="bills", url="http://127.0.0.1/bills/190110", title="Stop Secret Surveillance",
            text=BAN, kind="bill", published=datetime(2019, 1, 29, tzinfo=timezone.utc),
            metadata={"identifier": "File No. 190110", "latest_action": "FINALLY PASSED",
                      "latest_action_date": "2019-05-21", "jurisdiction": "San Francisco"}))
    extract_all(engine, FakeExtractor(_results(today or date.today())))
    engine.dispose()
    return url


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def frt_serve(db_path, port: int, timeout: float = 60) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `frt serve --db DB --port PORT` in a subprocess; yield its base URL and process
    once it answers, and stop it with Ctrl-C (SIGINT) afterwards."""
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--db", str(db_path),
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"frt serve exited with {proc.returncode}: {proc.stderr.read()}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"frt serve did not answer on {base}") from None
                time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
