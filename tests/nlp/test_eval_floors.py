"""Quality floors on the hand-made gold texts (tests/gold/texts), model and rules-only."""

from __future__ import annotations

import pytest

from tests.nlp.scripts_eval import evaluate, gold_entity_spans, load_gold, score_record

FLOORS = {"commitments": 0.85, "findings": 0.9, "entities": 0.85}


@pytest.fixture(scope="module")
def model_scores(model_ex):
    return evaluate(extractor=model_ex)["scores"]["all"]


@pytest.mark.parametrize("task,floor", FLOORS.items())
def test_floor_with_model(model_scores, task, floor):
    assert model_scores[task]["f1"] >= floor, model_scores[task]


def test_rules_only_floors(rules_ex):
    scores = evaluate(extractor=rules_ex)["scores"]["all"]
    assert scores["commitments"]["f1"] >= FLOORS["commitments"], scores["commitments"]
    assert scores["findings"]["f1"] >= FLOORS["findings"], scores["findings"]
    assert scores["entities"]["f1"] >= 0.8, scores["entities"]


def test_gold_has_held_out_third():
    records = load_gold()
    held = [r for r in records if r["split"] == "heldout"]
    assert len(records) >= 30 and len(held) >= len(records) // 4


def test_scorer_can_fail():
    rec = load_gold()[0]
    empty = {"entities": [], "commitments": [], "findings": []}
    counts = score_record(rec, empty)
    assert counts["entities"][0] == 0 and counts["entities"][2] == len(gold_entity_spans(rec)) > 0
    assert counts["commitments"] == (0, 0, len(rec["commitments"]))
