"""0.5 generalisation fixes for findings (classes found by a blind evaluation set): a value
shared by coordinated groups, ranges, vendor marketing claims, "respectively" over systems
listed elsewhere, data set names of unseen shape, a group's value next to its comparison."""

from __future__ import annotations

import datetime as dt

import pytest

DATE = dt.date(2023, 6, 1)


def _f(r):
    return [(f["system"], f["value"], f["unit"], f["group"], f["comparison_group"], f["comparison_value"])
            for f in r["findings"]]


def _quotes_ok(text, r):
    return all(x["quote"] == text[x["start_char"]:x["end_char"]] for x in r["commitments"] + r["findings"])


# 1. One value shared by several coordinated groups
@pytest.mark.parametrize("text,expected", [
    ("The false match rate was 3 to 20 times higher for West African, East Asian and Native American women "
     "than for Eastern European men.",
     [(None, 20.0, "x", g, "eastern european men", None)
      for g in ("west african women", "east asian women", "native american women")]),
    ("Error rates were up to 5 times higher for Black and Asian women compared with white men.",
     [(None, 5.0, "x", "black women", "white men", None), (None, 5.0, "x", "asian women", "white men", None)]),
    ("Women over 65 and children under 12 had false non-match rates up to 3 times higher than adults aged 30 to 49.",
     [(None, 3.0, "x", "women over 65", "adults aged 30 to 49", None),
      (None, 3.0, "x", "children under 12", "adults aged 30 to 49", None)]),
    ("Compared with white faces, false positive rates were 10 to 100 times higher for Asian and African "
     "American faces.",
     [(None, 100.0, "x", "asian", "white", None), (None, 100.0, "x", "african american", "white", None)]),
    ("The team saw more false positives for Asian and African American faces, 10 to 100 times those of white "
     "faces.",
     [(None, 100.0, "x", "asian", "white", None), (None, 100.0, "x", "african american", "white", None)]),
])
def test_shared_value_gives_one_finding_per_group(any_ex, text, expected):
    r = any_ex.extract(text, DATE)
    assert _f(r) == expected
    assert _quotes_ok(text, r)


def test_spelled_out_multiple_range(any_ex):
    text = "The study found that false positive rates were two to five times higher for women than for men."
    assert _f(any_ex.extract(text, DATE)) == [(None, 5.0, "x", "women", "men", None)]


def test_acronym_before_coordinated_groups_is_no_group(any_ex):
    text = ("According to NIST, Asian and Pacific Islander people were up to 40 times more likely to be "
            "misidentified than white men.")
    groups = [f["group"] for f in any_ex.extract(text, DATE)["findings"]]
    assert "nist" not in groups and len(groups) == 2


# 2. Ranges keep the upper bound
@pytest.mark.parametrize("text,value,unit,group", [
    ("False non-match rates ranged from 3.1 percent to 7.8 percent for people over 70.", 7.8, "%", "people over 70"),
    ("The error rate for darker-skinned women was between 20.8 percent and 34.7 percent.", 34.7, "%",
     "darker-skinned women"),
    ("False match rates were between 10 times and 50 times higher for West African women.",
     50.0, "x", "west african women"),
])
def test_range_keeps_upper_bound(any_ex, text, value, unit, group):
    (f,) = any_ex.extract(text, DATE)["findings"]
    assert (f["value"], f["unit"], f["group"]) == (value, unit, group)


# 3. Vendor marketing is no finding; a measurement is
@pytest.mark.parametrize("text", [
    "Orvia advertises 99.7% accuracy for its face matcher.",
    "Kestrel Labs touts 99.8% accuracy for women on its website.",
    "The vendor boasts a false match rate of 0.001% for all faces.",
    "The firm's marketing materials say its engine is 99.5% accurate for women.",
    "The company claims its system is 99.9% accurate for women.",
    "Kestrel Labs says on its website that its matcher is 99.8% accurate for women.",
    "Orvia reports a false match rate of 0.01% for women in its product brochure.",
])
def test_marketing_claim_is_no_finding(any_ex, text):
    assert any_ex.extract(text, DATE)["findings"] == []


@pytest.mark.parametrize("text,value,group", [
    ("NIST measured 99.7% accuracy for the matcher on visa photos.", 99.7, None),
    ("Orvia claims 99.7% accuracy, but NIST measured an error rate of 8.2% for Black women.", 8.2, "black women"),
    ("Kestrel Labs said the audit found error rates of 4.2% for women.", 4.2, "women"),
    ("Veridex, which markets its engine as 99.5% accurate, had a false non-match rate of 3.8% for women in the "
     "NIST test.", 3.8, "women"),
])
def test_measurement_after_claim_stays_a_finding(any_ex, text, value, group):
    (f,) = any_ex.extract(text, DATE)["findings"]
    assert (f["value"], f["group"]) == (value, group)


# 4. "respectively" over systems named elsewhere
def test_respectively_over_systems_of_earlier_sentence(any_ex):
    text = ("We audited three commercial systems: Vistara, OptiFace and PersonaID. False positive rates for "
            "Black women were 4.1%, 2.6% and 1.9%, respectively, against 0.4% for white men.")
    r = any_ex.extract(text, DATE)
    assert [(f["system"], f["value"], f["group"], f["comparison_group"], f["comparison_value"])
            for f in r["findings"]] == [("Vistara", 4.1, "black women", "white men", 0.4),
                                        ("OptiFace", 2.6, "black women", "white men", 0.4),
                                        ("PersonaID", 1.9, "black women", "white men", 0.4)]
    assert {("Vistara", "PRODUCT"), ("OptiFace", "PRODUCT"), ("PersonaID", "PRODUCT")} <= \
        {(e["text"], e["label"]) for e in r["entities"]}
    assert _quotes_ok(text, r)


def test_respectively_over_systems_in_parentheses(any_ex):
    text = ("Error rates for women over 60 were 6.2%, 3.9% and 2.8% for the three algorithms (Sentra, Facelink "
            "and Irisa), respectively.")
    r = any_ex.extract(text, DATE)
    assert [(f["system"], f["value"], f["group"]) for f in r["findings"]] == \
        [("Sentra", 6.2, "women over 60"), ("Facelink", 3.9, "women over 60"), ("Irisa", 2.8, "women over 60")]


def test_respectively_over_known_vendors_listed_before(any_ex):
    text = ("The audit covered Amazon, Microsoft and IBM. Error rates for darker-skinned women were 31.4%, 20.8% "
            "and 34.7%, respectively.")
    r = any_ex.extract(text, DATE)
    assert [(f["system"], f["value"]) for f in r["findings"]] == [("Amazon", 31.4), ("Microsoft", 20.8), ("IBM", 34.7)]


def test_respectively_over_systems_after_a_study_verb(any_ex):
    text = ("In the second round, the researchers evaluated Lumen, Argus and Sentinel. False non-match rates for "
            "children under 12 were 12.1%, 9.8% and 7.3%, respectively, versus 1.9% for adults.")
    r = any_ex.extract(text, DATE)
    assert [(f["system"], f["value"], f["comparison_group"], f["comparison_value"]) for f in r["findings"]] == \
        [("Lumen", 12.1, "adults", 1.9), ("Argus", 9.8, "adults", 1.9), ("Sentinel", 7.3, "adults", 1.9)]


def test_respectively_needs_as_many_values_as_systems(any_ex):
    text = ("We audited three commercial systems: Vistara, OptiFace and PersonaID. False positive rates for "
            "Black women and white men were 4.1% and 0.4%, respectively.")
    r = any_ex.extract(text, DATE)
    assert all(f["system"] is None for f in r["findings"])


# 5. Data set names of unseen shape
@pytest.mark.parametrize("text,name", [
    ("Researchers evaluated the systems on FaceBench-2M, a new benchmark of two million images. The false "
     "positive rate for women was 3.3% on FaceBench-2M.", "FaceBench-2M"),
    ("Using the benchmark AgeSpan-12K, the team found an error rate of 7.1% for Black men.", "AgeSpan-12K"),
    ("We tested the matcher on a corpus of 40,000 mugshots called MugSet-40K and found a false positive rate "
     "of 2.2% for Black men.", "MugSet-40K"),
    ("The matcher was run on CrossAge-3K, and false non-match rates reached 9.4% for people over 70.",
     "CrossAge-3K"),
])
def test_dataset_of_unseen_shape(any_ex, text, name):
    r = any_ex.extract(text, DATE)
    assert (name, "DATASET") in {(e["text"], e["label"]) for e in r["entities"]}
    assert [f["dataset"] for f in r["findings"]] == [name]


def test_alphanumeric_dataset_and_group_word_inside_a_name(any_ex):
    text = ("We report results on FaceSet40K, a data set of 40,000 passport photos. The false match rate for women "
            "was 0.9% on FaceSet40K.")
    r = any_ex.extract(text, DATE)
    assert ("FaceSet40K", "DATASET") in {(e["text"], e["label"]) for e in r["entities"]}
    assert [(f["value"], f["group"], f["dataset"]) for f in r["findings"]] == [(0.9, "women", "FaceSet40K")]


def test_code_shaped_name_without_dataset_cue_is_no_dataset(any_ex):
    text = "The COVID-19 pandemic slowed the rollout of face recognition at airports."
    assert not any(e["label"] == "DATASET" for e in any_ex.extract(text, DATE)["entities"])


# 6. A group's value next to its comparison: one finding
@pytest.mark.parametrize("text,expected", [
    ("Teenagers had a false non-match rate of 5.6%, compared with 2.0% for adults aged 30 to 49.",
     [(None, 5.6, "%", "teenagers", "adults aged 30 to 49", 2.0)]),
    ("The false non-match rate was 5.6% for teenagers and 4.1% for people over 70, compared with 2.0% for "
     "adults aged 30 to 49.",
     [(None, 5.6, "%", "teenagers", "adults aged 30 to 49", 2.0),
      (None, 4.1, "%", "people over 70", "adults aged 30 to 49", 2.0)]),
    ("The false non-match rate was 5.6% for teenagers. By comparison, it was 2.0% for adults aged 30 to 49.",
     [(None, 5.6, "%", "teenagers", "adults aged 30 to 49", 2.0)]),
    ("Women had an error rate of 7.5% versus 2.5% for men.", [(None, 7.5, "%", "women", "men", 2.5)]),
])
def test_value_next_to_comparison_is_one_finding(any_ex, text, expected):
    r = any_ex.extract(text, DATE)
    assert _f(r) == expected
    assert _quotes_ok(text, r)
