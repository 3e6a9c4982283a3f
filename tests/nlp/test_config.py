"""One test per config option of each registered factory, plus key checking."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from pipelines.nlp.build import build_pipeline
from pipelines.nlp.commitments.registry import CommitmentExtractor
from pipelines.nlp.entities.registry import EntityTyper
from pipelines.nlp.findings.registry import FindingExtractor
from pipelines.nlp.gate.parse import CandidateParser
from pipelines.nlp.gate.registry import CandidateGate

FACTORIES = ["frt_entity_typer_v1", "frt_gate_v1", "frt_candidate_parser_v1",
             "frt_commitments_v1", "frt_findings_v1"]


@pytest.mark.parametrize("factory", FACTORIES)
def test_unknown_config_key_is_rejected_by_factory(factory):
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="no_such_key"):
        nlp.add_pipe(factory, config={"no_such_key": 1})


@pytest.mark.parametrize("cls", [EntityTyper, CandidateGate, CommitmentExtractor, FindingExtractor])
def test_component_class_lists_expected_keys(cls):
    with pytest.raises(ValueError, match=r"expected keys: \["):
        cls(no_such_key=1)


def test_candidate_parser_class_lists_expected_keys():
    with pytest.raises(ValueError, match=r"expected keys: \['components', 'kinds'\]"):
        CandidateParser(spacy.blank("en"), no_such_key=1)


def _nlp_with(component: str, config: dict):
    nlp = build_pipeline(None)
    nlp.replace_pipe(component, component, config=config)
    return nlp


def _run(nlp, text, date=dt.date(2020, 6, 10)):
    doc = nlp.make_doc(text)
    doc._.frt_date = date
    return nlp(doc)


def test_commitments_dedupe_option():
    text = "Amazon announced a moratorium on police use of Rekognition. Amazon said the moratorium is a moratorium."
    on = _run(_nlp_with("frt_commitments_v1", {"dedupe": True}), text)._.frt_commitments
    off = _run(_nlp_with("frt_commitments_v1", {"dedupe": False}), text)._.frt_commitments
    assert len(on) == 1 and len(off) == 2


def test_commitments_use_parse_option_off_still_finds_actor(model_ex):
    model_ex.nlp.get_pipe("frt_commitments_v1").use_parse = False
    try:
        r = model_ex.extract("Amazon said it will pause police use of Rekognition.", dt.date(2020, 6, 10))
    finally:
        model_ex.nlp.get_pipe("frt_commitments_v1").use_parse = True
    assert r["commitments"][0]["actor"] == "Amazon"


def test_commitments_custom_triggers_file(tmp_path):
    bad = tmp_path / "t.yaml"
    bad.write_text("actions: {vanish: ['x']}\nblockers: {}\nreference: x\nintroduce_before: x\nintroduce_after: x\n")
    with pytest.raises(ValueError, match="unknown actions"):
        _nlp_with("frt_commitments_v1", {"triggers": str(bad)})


def test_findings_require_group_option():
    text = "The face recognition system's overall error rate was 4.2% on the benchmark."
    assert len(_run(_nlp_with("frt_findings_v1", {"require_group": False}), text)._.frt_findings) == 1
    assert _run(_nlp_with("frt_findings_v1", {"require_group": True}), text)._.frt_findings == []


def test_findings_custom_patterns_file_is_validated(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("metrics: {speed: x}\nvalues: {}\ngroup: x\ncoordinated: x\ncomparison: x\nlink_after: x\nclause_break: x\n")
    with pytest.raises(ValueError, match="unknown metrics"):
        _nlp_with("frt_findings_v1", {"patterns": str(bad)})


def test_entity_typer_keep_model_labels_option(model_ex):
    text = "The Louvre opened on Monday and facial recognition was discussed."
    default = model_ex.extract(text, None)["entities"]
    assert all(e["label"] != "FAC" and e["label"] != "ORG" for e in default)
    nlp = model_ex.nlp
    typer = nlp.get_pipe("frt_entity_typer_v1")
    typer.keep_model_labels = True
    try:
        doc = nlp(text)
    finally:
        typer.keep_model_labels = False
    assert any(e.label_ not in ("VENDOR", "PRODUCT") for e in doc.ents)


def test_entity_typer_cues_option(tmp_path):
    cues = tmp_path / "c.yaml"
    cues.write_text("- label: VENDOR\n  regex: '(?P<name>NAME) makes widgets'\n")
    nlp = _nlp_with("frt_entity_typer_v1", {"cues": str(cues)})
    doc = _run(nlp, "Quorix makes widgets.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Quorix", "VENDOR")]


def test_gate_keywords_option(tmp_path):
    kw = tmp_path / "k.yaml"
    kw.write_text("relevant: 'widget'\ncommitment: 'ban'\nfinding: 'zzz'\nmetric: 'zzz'\n")
    nlp = _nlp_with("frt_gate_v1", {"keywords": str(kw)})
    doc = _run(nlp, "Amazon will ban widget sales to police.")
    assert doc._.frt_relevant and list(doc._.frt_candidates.values()) == [{"commitment"}]
    bad = tmp_path / "bad.yaml"
    bad.write_text("relevant: x\n")
    with pytest.raises(ValueError, match="expected keys"):
        _nlp_with("frt_gate_v1", {"keywords": str(bad)})


def test_candidate_parser_components_option(model_ex):
    parser = model_ex.nlp.get_pipe("frt_candidate_parser_v1")
    doc = model_ex.nlp("Amazon said it will pause police use of facial recognition.")
    assert all(d.has_annotation("DEP") for d in doc._.frt_parsed.values())
    names = parser.names
    parser.names = []
    try:
        doc = model_ex.nlp("Amazon said it will pause police use of facial recognition.")
    finally:
        parser.names = names
    assert doc._.frt_parsed and not any(d.has_annotation("DEP") for d in doc._.frt_parsed.values())


def test_candidate_parser_kinds_option():
    nlp = _nlp_with("frt_candidate_parser_v1", {"kinds": []})
    assert _run(nlp, "Amazon will pause police use of facial recognition.")._.frt_parsed == {}


@pytest.mark.parametrize("min_newlines,max_tokens,expected", [
    (1, 150, ["Headline", "Body one.", "Body two."]),
    (2, 150, ["Headline", "Body one.", "Body two."]),
    (3, 150, ["Headline\n\nBody one.", "Body two."]),
    (1, 2, ["Headline", "Body one", ".", "Body two", "."]),
])
def test_paragraph_breaks_options(min_newlines, max_tokens, expected):
    nlp = _nlp_with("frt_paragraph_breaks_v1", {"min_newlines": min_newlines, "max_tokens": max_tokens})
    doc = _run(nlp, "Headline\n\nBody one. Body two.")
    assert [s.text.strip() for s in doc.sents] == expected


def test_unpunctuated_dump_is_cut_into_short_sentences(rules_ex):
    text = "facial recognition ban " * 2000
    doc = rules_ex.nlp(text)
    assert max(len(s) for s in doc.sents) <= 150
    r = rules_ex.extract(text, None)
    assert all(text[c["start_char"]:c["end_char"]] == c["quote"] for c in r["commitments"])
