"""Entities: vocabulary, context typing of unknown names, canonical names."""

from __future__ import annotations

import pytest

CASES = [
    ("AWS sells Rekognition.", [("AWS", "VENDOR", "Amazon"), ("Rekognition", "PRODUCT", "Rekognition")]),
    ("The Riverton Police Department bought a camera system.", [("Riverton Police Department", "AGENCY", None)]),
    ("The Biometric Privacy Enforcement Act passed.", [("Biometric Privacy Enforcement Act", "LAW", None)]),
    ("FaceTrack Pro, a system sold by Vizient Labs Inc., was audited for facial recognition errors.",
     [("FaceTrack Pro", "PRODUCT", None), ("Vizient Labs Inc.", "VENDOR", None)]),
    ("Greenfield's Board of Supervisors met on Tuesday.", [("Board of Supervisors", "LEGISLATURE", None)]),
    ("The Millbrook City Council met on Tuesday.", [("Millbrook City Council", "LEGISLATURE", None)]),
    ("Smith et al. measured face recognition error rates.", [("Smith", "PERSON", None)]),
    ("The Gender Shades study used the Pilot Parliaments Benchmark.",
     [("Gender Shades", "STUDY", None), ("Pilot Parliaments Benchmark", "DATASET", None)]),
    ("NIST ran the Face Recognition Vendor Test for ICE and the FBI.",
     [("NIST", "AGENCY", None), ("Face Recognition Vendor Test", "STUDY", None), ("ICE", "AGENCY", None),
      ("FBI", "AGENCY", None)]),
    ("It rained in the valley all afternoon.", []),
    ("Veritone and Rank One Computing both supply facial recognition software.",
     [("Veritone", "VENDOR", None), ("Rank One Computing", "VENDOR", None)]),
    ("The Oregon Senate approved the Biometric Surveillance Limits Act.",
     [("Oregon Senate", "LEGISLATURE", "Oregon Senate"), ("Biometric Surveillance Limits Act", "LAW", None)]),
    ("The San Francisco Police Department and the Maryland State Police bought cameras.",
     [("San Francisco Police Department", "AGENCY", None), ("Maryland State Police", "AGENCY", None)]),
    ("Trueface, a startup that sells face recognition to airports, said it would pause sales.",
     [("Trueface", "VENDOR", None)]),
    ("Smith et al. measured face recognition errors on the MORPH dataset.", [("MORPH", "DATASET", None)]),
    ("The ice on the lake was thin, and the senate of the club met.", []),
    # a news dateline opening a line: the place in capitals, with its state and wire
    ("MILLBROOK, Ore. (KMLB) \u2014 The city council voted to ban facial recognition.",
     [("MILLBROOK, Ore.", "JURISDICTION", None)]),
    ("Headline here\nHARTWELL \u2014 Voters approved a ban on face surveillance.",
     [("HARTWELL", "JURISDICTION", None)]),
    # articles and annexes of a law are laws ("Article 9 GDPR", "Annex III")
    ("Processing under Article 9 GDPR and the uses listed in Annex III need a legal basis.",
     [("Article 9 GDPR", "LAW", None), ("Annex III", "LAW", None)]),
    # face recognition models named in the "...Face"/"Face..." way are products (not Facebook)
    ("The study compared ArcFace, CosFace and VGGFace2 with FaceNet on masked photos.",
     [("ArcFace", "PRODUCT", None), ("CosFace", "PRODUCT", None), ("VGGFace2", "PRODUCT", None),
      ("FaceNet", "PRODUCT", None)]),
    # subsections stay with their article ("Article 9(2) GDPR"), an outer bracket does not
    ("Face matching needs a basis under Article 9(2) GDPR and Article 58(2)(f) GDPR (see Article 7).",
     [("Article 9(2) GDPR", "LAW", None), ("Article 58(2)(f) GDPR", "LAW", None), ("Article 7", "LAW", None)]),
    # an agency name joined by "and"
    ("The Yukon Information and Privacy Commissioner found the face matching unlawful.",
     [("Yukon Information and Privacy Commissioner", "AGENCY", None)]),
]
NOT_DATELINES = ["BREAKING \u2014 The city council voted to ban facial recognition.",
                 "The vote \u2014 MILLBROOK residents agreed \u2014 was close."]


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_capitals_that_open_no_dateline_are_no_place(any_ex, text):
    ents = any_ex.extract(text, None)["entities"]
    assert not [e for e in ents if e["text"].isupper() and e["label"] == "JURISDICTION"], ents


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_entities(any_ex, text, expected):
    ents = any_ex.extract(text, None)["entities"]
    got = [(e["text"], e["label"]) for e in ents]
    for name, label, canonical in expected:
        assert (name, label) in got, got
        if canonical:
            assert next(e["canonical"] for e in ents if e["text"] == name) == canonical
    if not expected:
        assert got == []
    for e in ents:
        assert text[e["start"]:e["end"]] == e["text"]


def test_model_org_selling_face_recognition_is_vendor(model_ex):
    text = "Zentrix Analytics sells facial recognition software to retailers."
    ents = model_ex.extract(text, None)["entities"]
    assert ("Zentrix Analytics", "VENDOR") in [(e["text"], e["label"]) for e in ents]


@pytest.mark.parametrize("text,name,expected", [
    ("By Dana Whitcombe\nOnfido research", "Dana Whitcombe\nOnfido", "Dana Whitcombe"),
    ("Photo: Lena Okafor/NIST report", "Lena Okafor/NIST", "Lena Okafor"),
    ("Written by Priya Ravel HOME NEWS", "Priya Ravel HOME", "Priya Ravel"),
    ("Colin Marsh 3 comments", "Colin Marsh 3", "Colin Marsh"),
    ("the Peter Vance-backed firm", "Peter Vance-backed", "Peter Vance"),
    ("founder Hoan Tran-Le said", "Hoan Tran-", "Hoan Tran-Le"),
    ("Mayor Ana Ruiz-Diaz spoke", "Ana Ruiz-Diaz", "Ana Ruiz-Diaz"),
])
def test_a_model_person_is_cut_to_the_name(text, name, expected):
    """The statistical model's PERSON spans run over line breaks, slashes, page furniture
    and "-backed"; the typer keeps the name only, and mends a surname cut at its hyphen."""
    import spacy

    from pipelines.nlp.entities.typing import person_extent

    doc = spacy.blank("en")(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name), label="PERSON", alignment_mode="expand")
    assert person_extent(span).text == expected
