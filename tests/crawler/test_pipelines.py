"""Item pipelines as units: clean, keyword filter and in-run dedupe drop with the key named."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.exceptions import DropItem

from crawler.items import DocumentItem, NotModifiedItem
from crawler.registry import Source
from pipelines.clean import CleanPipeline
from pipelines.dedupe import DedupePipeline
from pipelines.keywords import KeywordFilterPipeline


def _crawler(**source_fields):
    source = Source(name="T", kind="vendor", spider="feed", start_urls=["http://t/"],
                    id="t", **source_fields)
    return SimpleNamespace(spider=SimpleNamespace(source=source))


def _item(text="Facial recognition moratorium extended for police use.", **kw):
    return DocumentItem(source_id="t", url=kw.pop("url", "http://t/a"), text=text, **kw)


def test_clean_normalises_text_and_keeps_page_breaks():
    item = CleanPipeline().process_item(_item("  Page one\r\n\r\n\r\ntext  \fPage\u00a0two text here", pages=[" a ", "b"]))
    assert item.text == "Page one\n\ntext\fPage two text here"
    assert item.pages == ["a", "b"]


def test_clean_drops_empty_documents_naming_the_url():
    with pytest.raises(DropItem, match=r"Empty document: 'http://t/empty'"):
        CleanPipeline().process_item(_item("   \n ", url="http://t/empty"))


def test_keyword_filter_local_and_server_side():
    local = KeywordFilterPipeline(_crawler(keywords={"terms": ["Facial Recognition"]}))
    assert local.process_item(_item()) is not None
    with pytest.raises(DropItem, match=r"No keyword match: 'http://t/b'"):
        local.process_item(_item("Broadband maps for rural areas.", url="http://t/b"))
    server = KeywordFilterPipeline(_crawler(keywords={"terms": ["x"], "server_side": True}))
    assert server.process_item(_item("Anything at all goes here")) is not None


def test_dedupe_by_dedupe_key_and_canonical_url():
    by_id = DedupePipeline(_crawler(dedupe_key="arxiv_id"))
    by_id.process_item(_item(external_id="2401.11111"))
    with pytest.raises(DropItem, match=r"Duplicate document: '2401.11111'"):
        by_id.process_item(_item(url="http://t/other", external_id="2401.11111"))
    by_url = DedupePipeline(_crawler())
    by_url.process_item(_item(url="http://t/a?utm_source=x"))
    with pytest.raises(DropItem, match=r"Duplicate document: 'http://t/a'"):
        by_url.process_item(_item(url="http://T/a/"))


def test_not_modified_items_pass_every_filter():
    item = NotModifiedItem(source_id="t", url="http://t/a")
    crawler = _crawler(keywords={"terms": ["zzz"]})
    for pipeline in (CleanPipeline(), KeywordFilterPipeline(crawler), DedupePipeline(crawler)):
        assert pipeline.process_item(item) is item
