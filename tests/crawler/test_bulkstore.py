"""The batched store writes the same rows as kb.store.store_document, document by document."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from crawler.items import DocumentItem
from crawler.registry import Source
from kb.database import make_engine, session_scope
from kb.models import Document, DocumentVersion
from kb.store import store_document, upsert_source
from kb.bulk import store_batch

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
SOURCE = Source(id="s", name="S", kind="vendor", spider="feed", start_urls=["http://h/"],
                base_url="http://h")


def _items(suffix: str = "") -> list[DocumentItem]:
    return [DocumentItem(source_id="s", url=f"http://h/a{i}?utm_source=x", title=f"T{i}",
                         text=f"Document {i} on facial recognition{suffix if i == 1 else ''}.",
                         published=datetime(2025, 1, i + 1, 8), authors=["A"], etag=f'"e{i}"',
                         metadata={"n": i}, pages=["p"] if i == 2 else None, kind="article")
            for i in range(3)]


def _rows(url: str):
    engine = make_engine(url)
    with Session(engine) as s:
        docs = [d.model_dump(exclude={"id", "current_version_id"}) for d in
                s.exec(select(Document).order_by(Document.key))]
        versions = [(v.version_no, v.content_hash, v.text, v.pages) for v in
                    s.exec(select(DocumentVersion).order_by(DocumentVersion.document_id,
                                                            DocumentVersion.version_no))]
        current_ok = all(d.current_version_id == max(v.id for v in s.exec(select(
            DocumentVersion).where(DocumentVersion.document_id == d.id)))
            for d in s.exec(select(Document)))
    engine.dispose()
    return docs, versions, current_ok


def test_batch_and_one_by_one_write_identical_rows(tmp_path):
    _compare(f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'batch.db'}")


@pytest.mark.postgres
def test_batch_on_postgres_matches_one_by_one_on_sqlite(tmp_path, pg_url):
    _compare(f"sqlite:///{tmp_path / 'one.db'}", pg_url)


def _compare(one: str, batch: str) -> None:
    statuses = {}
    for url in (one, batch):
        engine = make_engine(url)
        runs = []
        for items in (_items(), _items(), _items(" It changed")):  # new, unchanged, one changed
            with session_scope(engine) as s:
                upsert_source(s, SOURCE)
                if url == one:
                    runs.append([store_document(s, it, "url", fetched_at=NOW).status for it in items])
                else:
                    runs.append(store_batch(s, items, "url", SOURCE.base_url, NOW))
        statuses[url] = runs
        engine.dispose()
    assert statuses[one] == statuses[batch] == [
        ["new"] * 3, ["unchanged"] * 3, ["unchanged", "changed", "unchanged"]]
    docs_one, versions_one, ok_one = _rows(one)
    docs_batch, versions_batch, ok_batch = _rows(batch)
    assert docs_one == docs_batch and versions_one == versions_batch
    assert ok_one and ok_batch
    assert [d["key"] for d in docs_batch] == ["/a0", "/a1", "/a2"]
