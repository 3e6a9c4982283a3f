"""The whole vocabulary loads; malformed files are rejected with clear messages."""

from __future__ import annotations

import pytest

from pipelines.nlp.constants import ENTITY_LABELS
from pipelines.nlp.vocab import canonicalize, load_vocabulary, normalize_group
from pipelines.nlp.vocab.loader import DATA_DIR, InvalidVocabulary


def test_packaged_vocabulary_loads_every_label():
    vocab = load_vocabulary()
    assert {e.label for e in vocab.entries} == set(ENTITY_LABELS)
    # every product has its vendor, except government systems (FBI's NGI, DHS's IDENT)
    assert all(e.vendor for e in vocab.entries if e.label == "PRODUCT" and e.kind != "government_system")


def test_registry_resolves_parents_and_former_names():
    vocab = load_vocabulary()
    assert vocab.lookup("Facebook").name == "Meta"          # a former name
    assert vocab.lookup("AnyVision").name == "Oosto"
    assert vocab.lookup("AWS").name == "Amazon"             # a curated alias wins
    assert vocab.lookup("Calif.").name == "California"      # AP state abbreviations
    assert vocab.lookup("ROC") is None or vocab.lookup("ROC").label != "VENDOR" \
        or "ROC" in vocab.lookup("ROC").aliases             # weak forms are not matched alone
    assert len(vocab.entries) >= 150
    surfaces = [norm for e in vocab.entries for norm in {e.name.lower(), *(a.lower() for a in e.aliases)}]
    assert len(surfaces) == len(set(surfaces)), "a surface form names two entities"


@pytest.mark.parametrize("content,message", [
    ("label: COMPANY\nentries: []\n", "label 'COMPANY'"),
    ("label: VENDOR\nentries:\n  - {aliases: [X]}\n", "expected keys"),
    ("label: VENDOR\nentries:\n  - {name: X, colour: red}\n", "expected keys"),
    ("label: PRODUCT\nentries:\n  - {name: Widget}\n", "has no vendor"),
    ("label: PRODUCT\nentries:\n  - {name: Widget, vendor: Nobody}\n", "not in vendors"),
])
def test_invalid_vocabulary(tmp_path, content, message):
    (tmp_path / "groups.yaml").write_text((DATA_DIR / "groups.yaml").read_text())
    (tmp_path / "bad.yaml").write_text(content)
    with pytest.raises(InvalidVocabulary, match=message):
        load_vocabulary(tmp_path)


@pytest.mark.parametrize("name,label,expected", [
    ("AWS", "VENDOR", "Amazon"),
    ("Amazon Web Services", None, "Amazon"),
    ("Amazon Rekognition", "PRODUCT", "Rekognition"),
    ("Rekognition", "VENDOR", "Amazon"),
    ("Megvii", "VENDOR", "Face++"),
    ("Facebook", "VENDOR", "Meta"),
    ("FRVT", "STUDY", "Face Recognition Vendor Test"),
    ("PPB", "DATASET", "Pilot Parliaments Benchmark"),
    ("the European Parliament", "LEGISLATURE", "European Parliament"),
    ("Zentrix Analytics's", "VENDOR", "Zentrix Analytics"),
])
def test_canonicalize(name, label, expected):
    assert canonicalize(name, label) == expected


@pytest.mark.parametrize("text,expected", [
    ("darker-skinned females", "darker-skinned women"),
    ("Darker Females", "darker-skinned women"),
    ("lighter-skinned males", "lighter-skinned men"),
    ("African American faces", "african american"),
    ("Caucasians", "white"),
    ("women over 60", "women over 60"),
])
def test_normalize_group(text, expected):
    assert normalize_group(text) == expected
