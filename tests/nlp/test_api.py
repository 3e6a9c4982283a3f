"""The library contract the KB and CLI rely on."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.nlp import EXTRACTOR_VERSION, Extractor, canonicalize, get_vocabulary
from pipelines.nlp.constants import COMMITMENT_KEYS, ENTITY_KEYS, FINDING_KEYS
from tests.nlp.scripts_eval import load_gold

TEXT = ("On Wednesday, Amazon said it would put a one-year moratorium on police use of Rekognition. "
        "Gender Shades found error rates of 34.7% for darker-skinned women and 0.8% for lighter-skinned men.")


def test_version_string():
    assert EXTRACTOR_VERSION.startswith("frt-nlp/") and Extractor.version == EXTRACTOR_VERSION


def test_result_shape(any_ex):
    r = any_ex.extract(TEXT, dt.date(2020, 6, 11))
    assert set(r) == {"document_date", "entities", "commitments", "findings", "relations"}
    assert r["document_date"] == "2020-06-11"
    assert all(set(e) == set(ENTITY_KEYS) for e in r["entities"])
    assert all(set(c) == set(COMMITMENT_KEYS) for c in r["commitments"])
    assert all(set(f) == set(FINDING_KEYS) for f in r["findings"])
    assert r["commitments"] and r["findings"]


def test_quotes_equal_text_slices_on_all_gold(any_ex):
    records = load_gold()
    results = any_ex.extract_many([(r["text"], r["date"]) for r in records])
    for rec, result in zip(records, results):
        text = rec["text"]
        for item in result["commitments"] + result["findings"]:
            assert text[item["start_char"]:item["end_char"]] == item["quote"], rec["id"]
        for e in result["entities"]:
            assert text[e["start"]:e["end"]] == e["text"], rec["id"]


def test_extract_many_matches_extract(rules_ex):
    pairs = [(TEXT, dt.date(2020, 6, 11)), ("", None), ("Nothing here.", None), (TEXT, None)]
    many = list(rules_ex.extract_many(iter(pairs), batch_size=2))
    assert many == [rules_ex.extract(t, d) for t, d in pairs]
    assert many[1] == {"document_date": None, "entities": [], "commitments": [], "findings": [], "relations": []}


def test_long_text_is_chunked_with_correct_offsets(rules_ex):
    filler = "The weather was mild and the market was quiet. " * 4000
    text = filler + TEXT + " " + filler
    r = rules_ex.extract(text, dt.date(2020, 6, 11))
    assert len(text) > 300_000
    c = r["commitments"][0]
    assert text[c["start_char"]:c["end_char"]] == c["quote"] and c["actor"] == "Amazon"


def test_vocabulary_api():
    vocab = get_vocabulary()
    assert vocab.product_vendor["Rekognition"] == "Amazon"
    assert vocab.aliases("VENDOR")["AWS"] == "Amazon"
    assert canonicalize("Amazon Web Services", "VENDOR") == "Amazon"
    assert canonicalize("Rekognition", "VENDOR") == "Amazon"
    assert canonicalize("Microsoft Corp", "VENDOR") == "Microsoft"
    assert canonicalize("the Riverton Police Department", "AGENCY") == "Riverton Police Department"


@pytest.mark.parametrize("date", [dt.date(2020, 6, 11), dt.datetime(2020, 6, 11, 14, 5), "2020-06-11"])
def test_document_date_types(rules_ex, date):
    r = rules_ex.extract("On Wednesday, Amazon announced a one-year moratorium on police use of Rekognition.", date)
    assert r["document_date"] == "2020-06-11"
    assert r["commitments"][0]["start"] == "2020-06-10"


def test_fresh_process_builds_the_pipeline():
    """Factories must be registered by importing the package alone (no test-side imports)."""
    import subprocess
    import sys

    code = ("from pipelines.nlp import Extractor; ex = Extractor(model='none'); "
            "print(ex.extract('IBM no longer offers facial recognition.', None)['commitments'][0]['action'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "exit"
