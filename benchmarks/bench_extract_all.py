"""`frt extract --all` on an unchanged KB against its first run over the same KB, in one run.

Builds a SQLite KB of generated documents (the bench_extract corpus, a paragraph per
document), times the first ``extract_all`` and then a re-run on the unchanged KB, which must
skip every document (goal: re-run <= 1% of the first run's time).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_extract import make_corpus  # noqa: E402
from crawler.items import DocumentItem  # noqa: E402
from crawler.registry import Source as SourceDef  # noqa: E402
from kb import store  # noqa: E402
from kb.database import make_engine, session_scope  # noqa: E402
from kb.extract import extract_all  # noqa: E402
from pipelines.nlp import Extractor  # noqa: E402

WORDS = 30_000


def main() -> None:
    corpus = make_corpus(WORDS)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(str(Path(tmp) / "kb.db"))
        with session_scope(engine) as s:
            store.upsert_source(s, SourceDef(id="bench", name="bench", kind="news",
                                             spider="feed", start_urls=["http://127.0.0.1/"]))
            for i, text in enumerate(corpus):
                store.store_document(s, DocumentItem(source_id="bench", text=text,
                                                     url=f"http://127.0.0.1/doc/{i}"))
        extractor = Extractor()
        t = time.perf_counter()
        first = extract_all(engine, extractor)
        first_s = time.perf_counter() - t
        t = time.perf_counter()
        again = extract_all(engine, extractor)
        again_s = time.perf_counter() - t
        engine.dispose()
    print(json.dumps({"name": "extract --all re-run on unchanged KB",
                      "frt": round(again_s, 4), "baseline": round(first_s, 3), "unit": "s",
                      "ratio": round(again_s / first_s, 4), "goal": "<= 0.01",
                      "documents": first.documents, "rerun_documents": again.documents}))


if __name__ == "__main__":
    main()
