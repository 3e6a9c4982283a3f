"""Document storage: idempotent upserts keyed by source dedupe key and content hash."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store
from kb.database import make_engine, session_scope
from kb.models import Document, DocumentVersion

SRC = SourceDef(id="vendor_x", name="Vendor X newsroom", kind="vendor", spider="feed",
                start_urls=["http://127.0.0.1/feed.xml"])


def _item(text="Vendor X will not sell face recognition to police.", **kw):
    return DocumentItem(source_id="vendor_x", url="http://127.0.0.1/a?utm_source=rss#top",
                        text=text, title="Statement", **kw)


def _counts(engine):
    with session_scope(engine) as s:
        return (s.exec(select(func.count()).select_from(Document)).one(),
                s.exec(select(func.count()).select_from(DocumentVersion)).one())


def _store(engine, item, dedupe_key="url"):
    with session_scope(engine) as s:
        store.upsert_source(s, SRC)
        return store.store_document(s, item, dedupe_key)


def test_unchanged_document_is_not_rewritten(engine):
    first = _store(engine, _item())
    again = _store(engine, _item(text="Vendor X  will not sell face recognition to police. "))
    assert (first.status, again.status) == ("new", "unchanged")
    assert again.version_id == first.version_id
    assert _counts(engine) == (1, 1)


def test_changed_document_gets_exactly_one_new_version(engine):
    _store(engine, _item())
    changed = _store(engine, _item(text="Vendor X extends its pause indefinitely."))
    repeat = _store(engine, _item(text="Vendor X extends its pause indefinitely."))
    assert changed.status == "changed" and repeat.status == "unchanged"
    assert _counts(engine) == (1, 2)
    with session_scope(engine) as s:
        doc = s.get(Document, changed.document_id)
        assert doc.current_version_id == changed.version_id
        assert doc.canonical_url == "http://127.0.0.1/a"


def test_external_id_dedupes_across_urls(engine):
    a = _store(engine, DocumentItem(source_id="vendor_x", url="http://127.0.0.1/abs/1v1",
                                    text="t", external_id="2401.01234"), "arxiv_id")
    b = _store(engine, DocumentItem(source_id="vendor_x", url="http://127.0.0.1/abs/1v2",
                                    text="t", external_id="2401.01234"), "arxiv_id")
    assert a.document_id == b.document_id and b.status == "unchanged"


def test_conditional_get_validators_and_watermark(engine):
    _store(engine, _item(etag='"abc"', last_modified="Wed, 10 Jun 2020 16:00:00 GMT"))
    with session_scope(engine) as s:
        assert store.http_validators(s, "http://127.0.0.1/a") == (
            '"abc"', "Wed, 10 Jun 2020 16:00:00 GMT")
        assert store.touch_unchanged(s, "http://127.0.0.1/a") is True
        assert store.touch_unchanged(s, "http://127.0.0.1/unknown") is False
        store.set_watermark(s, "vendor_x", "2021-05-01")
        store.set_watermark(s, "vendor_x", "2020-01-01")
        assert store.get_watermark(s, "vendor_x") == "2021-05-01"


def test_failed_batch_writes_nothing(engine):
    with pytest.raises(RuntimeError):
        with session_scope(engine) as s:
            store.upsert_source(s, SRC)
            store.store_document(s, _item())
            raise RuntimeError("crash mid-batch")
    assert _counts(engine) == (0, 0)


@pytest.mark.postgres
def test_same_store_on_postgres(pg_url):
    eng = make_engine(pg_url)
    try:
        assert _store(eng, _item()).status == "new"
        assert _store(eng, _item()).status == "unchanged"
        assert _store(eng, _item(text="changed")).status == "changed"
        assert _counts(eng) == (1, 2)
    finally:
        eng.dispose()


def test_local_site_on_a_new_port_is_the_same_site(engine):
    for port in (41001, 42002):
        src = SRC.model_copy(update={"base_url": f"http://127.0.0.1:{port}"})
        with session_scope(engine) as s:
            store.upsert_source(s, src)
            result = store.store_document(s, DocumentItem(
                source_id="vendor_x", url=f"http://127.0.0.1:{port}/news/a.html", text="same"))
    assert result.status == "unchanged"
    with session_scope(engine) as s:
        assert s.exec(select(Document.key)).one() == "/news/a.html"
