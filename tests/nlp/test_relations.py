"""Relations the extractor reports: roles, uses, contracts, authors, and what the registry
knows about a named product or law; sentences that state no relation give none."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.nlp.relations import load_patterns

KEYS = {"type", "source", "source_label", "target", "target_label", "role", "quote", "start_char", "end_char"}

STATED = [
    ("Speaking on Monday, Microsoft's president Brad Smith urged Congress to act.",
     {("works_for", "Brad Smith", "Microsoft", "president")}),
    ("Andy Jassy, the chief executive of Amazon, defended the product to shareholders.",
     {("works_for", "Andy Jassy", "Amazon", "chief executive")}),
    ("In a letter, IBM CEO Arvind Krishna asked lawmakers for rules.",
     {("works_for", "Arvind Krishna", "IBM", "chief executive officer")}),
    ("Since 2019 the Detroit Police Department has used software from Clearview AI.",
     {("uses", "Detroit Police Department", "Clearview AI", None)}),
    ("Before the city's ban took effect, the Detroit Police Department used Clearview AI.",
     {("uses", "Detroit Police Department", "Clearview AI", None)}),
    ("Last spring the NYPD signed a three-year contract with Idemia.",
     {("supplies", "Idemia", "NYPD", None)}),
    ("Clearview AI licensed its search tool to the Chicago Police Department.",
     {("supplies", "Clearview AI", "Chicago Police Department", None)}),
    ("The Gender Shades audit by Joy Buolamwini and Timnit Gebru changed the debate.",
     {("authored", "Joy Buolamwini", "Gender Shades", None), ("authored", "Timnit Gebru", "Gender Shades", None)}),
]

NOTHING = [
    "Clearview AI executives met the Chicago Police Department in March.",
    "The Detroit Police Department does not use Clearview AI.",
    "The NYPD will consider whether it uses Idemia next year.",
    "Brad Smith praised Amazon for its pause.",
    # the words between the two would state a use; what comes before takes it back
    "A spokesperson denied that the Detroit Police Department uses Clearview AI.",
    "Reporters asked whether the NYPD bought software from Idemia.",
    "If the Chicago Police Department buys Clearview AI, the council will object.",
]


def _stated(result):
    return {(r["type"], r["source"], r["target"], r["role"]) for r in result["relations"]
            if r["type"] in ("works_for", "uses", "supplies", "authored")}


@pytest.mark.parametrize("text,expected", STATED, ids=[t[:40] for t, _ in STATED])
def test_stated_relation_is_found_with_its_sentence(any_ex, text, expected):
    result = any_ex.extract(text)
    assert _stated(result) == expected
    for r in result["relations"]:
        assert set(r) == KEYS
        assert text[r["start_char"]:r["end_char"]] == r["quote"] == text


@pytest.mark.parametrize("text", NOTHING, ids=[t[:40] for t in NOTHING])
def test_sentence_naming_both_but_stating_no_relation_gives_none(any_ex, text):
    result = any_ex.extract(text)
    assert len({e["label"] for e in result["entities"]}) == 2  # both sides were recognised
    assert _stated(result) == set()


def test_signature_block_gives_the_signer_role(rules_ex):
    text = "We look forward to working with you.\n\nSincerely,\nArvind Krishna\nChief Executive Officer, IBM\n"
    (rel,) = [r for r in rules_ex.extract(text)["relations"] if r["type"] == "works_for"]
    assert (rel["source"], rel["target"], rel["role"]) == ("Arvind Krishna", "IBM", "chief executive officer")
    assert text[rel["start_char"]:rel["end_char"]] == rel["quote"] and rel["quote"].endswith("IBM")


def test_registry_gives_a_named_products_vendor_and_a_laws_jurisdiction(rules_ex):
    text = "Officers may no longer run searches in Amazon Rekognition. Illinois courts keep applying BIPA."
    result = rules_ex.extract(text)
    found = {(r["type"], r["source"], r["target_label"], r["target"]) for r in result["relations"]}
    assert ("made_by", "Rekognition", "VENDOR", "Amazon") in found
    assert ("in_jurisdiction", "Biometric Information Privacy Act", "JURISDICTION", "Illinois") in found
    made_by = next(r for r in result["relations"] if r["type"] == "made_by")
    assert made_by["quote"] == "Officers may no longer run searches in Amazon Rekognition."


def test_relations_in_a_long_text_keep_offsets_into_the_whole_text(rules_ex):
    filler = "The weather was mild and the market was quiet. " * 3000
    text = filler + "In a letter, IBM CEO Arvind Krishna asked lawmakers for rules."
    (rel,) = [r for r in rules_ex.extract(text)["relations"] if r["type"] == "works_for"]
    assert rel["start_char"] > len(filler) - 5 and text[rel["start_char"]:rel["end_char"]] == rel["quote"]


def test_a_pattern_with_an_unknown_label_is_rejected(tmp_path: Path):
    bad = tmp_path / "relations.yaml"
    bad.write_text("macros: {}\nblock: x\npatterns:\n  - {id: p, type: uses, left: [AGENCYY], right: [VENDOR], "
                   "gap: '^ uses $', source: left}\n")
    with pytest.raises(ValueError, match="pattern 'p' has unknown labels"):
        load_patterns.__wrapped__(bad)
