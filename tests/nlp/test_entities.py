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
]


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
