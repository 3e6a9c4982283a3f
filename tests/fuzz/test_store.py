"""Pipeline level: what the feed and JSON API spiders make of generated pages goes through
the clean pipeline and the store into a temporary SQLite knowledge base. Nothing is stored
half-way: every document has its current version with its text, counts grow only by the
documents reported new, and a batch that fails before its commit leaves no row behind."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings, strategies as st
from scrapy.exceptions import DropItem
from scrapy.http import Request, TextResponse, XmlResponse
from sqlalchemy import func, select

from crawler.items import DocumentItem
from crawler.spiders.feed import FeedSpider
from crawler.spiders.json_api import JsonApiSpider
from kb.bulk import store_batch
from kb.database import make_engine, session_scope
from kb.models import Document, DocumentVersion
from kb.store import upsert_source
from pipelines.clean import CleanPipeline
from tests.fuzz.hostile import make_spider, run_callback
from tests.fuzz.test_feeds import feed_bytes
from tests.fuzz.test_json_api import api_case

NOW = datetime(2026, 12, 1, tzinfo=UTC)


class Interrupted(Exception):
    """Raised by the test inside a store transaction, before its commit."""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz-kb') / 'kb.db'}")
    yield engine
    engine.dispose()


def _counts(engine) -> tuple[int, int]:
    with session_scope(engine) as s:
        return (s.execute(select(func.count()).select_from(Document)).scalar_one(),
                s.execute(select(func.count()).select_from(DocumentVersion)).scalar_one())


def _check_consistent(engine) -> None:
    with session_scope(engine) as s:
        rows = s.execute(select(Document.id, Document.content_hash, DocumentVersion.content_hash,
                                DocumentVersion.text)
                         .join(DocumentVersion, DocumentVersion.id == Document.current_version_id,
                               isouter=True)).all()
    for doc_id, doc_hash, version_hash, text in rows:
        assert version_hash == doc_hash, f"document {doc_id} without its current version"
        assert text and len(text.replace("\f", "").strip()) >= CleanPipeline.min_chars


def _store(engine, spider, out, interrupt: bool) -> None:
    clean = CleanPipeline()
    items = []
    for obj in out:
        if isinstance(obj, DocumentItem):
            try:
                items.append(clean.process_item(obj))
            except DropItem:
                pass
    if not items:
        return
    before = _counts(engine)
    try:
        with session_scope(engine) as session:
            upsert_source(session, spider.source)
            statuses = store_batch(session, items, spider.source.dedupe_key,
                                   spider.source.base_url, NOW)
            if interrupt:
                raise Interrupted
    except Interrupted:
        assert _counts(engine) == before  # rolled back whole
    else:
        docs, versions = _counts(engine)
        assert docs == before[0] + statuses.count("new")
        new, changed = statuses.count("new"), statuses.count("changed")
        # a change back to an earlier text makes that version current again: no new row
        assert before[1] + new <= versions <= before[1] + new + changed
    _check_consistent(engine)


@settings(max_examples=300)
@given(feed_bytes(), st.booleans())
def test_feed_items_are_stored_whole_or_not_at_all(engine, body, interrupt):
    spider = make_spider(FeedSpider, id="fuzz_feed")
    url = "https://feeds.example.org/news.xml"
    out = run_callback(spider, spider.parse_feed(XmlResponse(url=url, body=body)))
    _store(engine, spider, out, interrupt)


@settings(max_examples=300)
@given(api_case(), st.booleans())
def test_api_records_are_stored_whole_or_not_at_all(engine, case, interrupt):
    fields, body = case
    spider = make_spider(JsonApiSpider, **{**fields, "id": "fuzz_api"})
    url = "https://api.example.org/v1/bills?page=1"
    response = TextResponse(url=url, body=body, request=Request(url))
    out = run_callback(spider, spider.parse_page(response, first=True))
    _store(engine, spider, out, interrupt)
