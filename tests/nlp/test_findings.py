"""Findings: (text, expected) tables."""

from __future__ import annotations

import pytest

CASES = [
    ("Error rates reached 34.7% for darker-skinned women against at most 0.8% for lighter-skinned men.",
     [{"metric": "error_rate", "value": 34.7, "unit": "%", "group": "darker-skinned women",
       "comparison_group": "lighter-skinned men", "comparison_value": 0.8}]),
    ("Error rates for darker females and lighter males were 34.7% and 0.8%, respectively.",
     [{"value": 34.7, "group": "darker-skinned women", "comparison_value": 0.8}]),
    ("Amazon Rekognition misclassified darker-skinned women 31.37% of the time.",
     [{"system": "Rekognition", "vendor": "Amazon", "metric": "misclassification", "value": 31.37}]),
    ("False positive rates were 10 to 100 times higher for Asian and African American faces than for white faces.",
     [{"metric": "false_positive_rate", "value": 100.0, "unit": "x", "group": "asian", "comparison_group": "white"},
      {"value": 100.0, "group": "african american"}]),
    ("The system had a false match rate of up to 5.2 percent for women over 60.",
     [{"metric": "false_match_rate", "value": 5.2, "group": "women over 60"}]),
    ("In the Gender Shades audit of IBM, the classifier misgendered darker-skinned women 34.7% of the time.",
     [{"study": "Gender Shades", "system": "IBM", "vendor": "IBM", "value": 34.7}]),
    # groups named the way benchmarks name them: by region, by skin with "with", by mask
    ("In the face recognition benchmark, the false match rate was 9.4% for Africans and 2.1% for Caucasians.",
     [{"value": 9.4, "group": "african", "comparison_group": "white"}]),
    ("The face matcher misidentified women with darker skin 21.3% of the time.",
     [{"value": 21.3, "group": "darker-skinned women"}]),
    ("The face recognition algorithm had an accuracy of 71.2% for people wearing masks.",
     [{"value": 71.2, "group": "masked"}]),
    # numbers that are not findings
    ("Shares of the company rose 3% on Tuesday.", []),
    ("Revenue grew 45% in the fourth quarter for the cloud unit.", []),
    ("The test wrongly matched 28 members of Congress with arrest photos.", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_findings(any_ex, text, expected):
    findings = any_ex.extract(text, None)["findings"]
    assert len(findings) == len(expected), findings
    for got, want in zip(findings, expected):
        assert {k: got[k] for k in want} == want
        assert text[got["start_char"]:got["end_char"]] == got["quote"]


@pytest.mark.parametrize("text", [
    "For darker-skinned women, the error rate was 34.7%; for lighter-skinned men it was just 0.8%.",
    "The error rate was 0.8% for lighter-skinned men but 34.7% for darker-skinned women.",
    ("The maximum error rate for lighter-skinned males is 0.8%. Darker-skinned females are the most "
    "misclassified group, with error rates of up to 34.7%."),
    "Rekognition misclassified darker-skinned women 31.37% of the time and made no errors on lighter-skinned men.",
])
def test_worse_group_is_the_finding_and_the_other_its_comparison(any_ex, text):
    findings = any_ex.extract(text, None)["findings"]
    assert len(findings) == 1, findings
    f = findings[0]
    assert f["group"] == "darker-skinned women" and f["comparison_group"] == "lighter-skinned men"
    assert f["value"] > f["comparison_value"]
    assert text[f["start_char"]:f["end_char"]] == f["quote"]


@pytest.mark.parametrize("text,expected", [
    ("The FNMR for elderly subjects was 3.2 percent, twice the rate for younger adults.",
     [{"metric": "false_non_match_rate", "value": 3.2, "group": "elderly"}]),
    ("The algorithms falsely matched Black women at a rate 10 times higher than white men.",
     [{"metric": "false_match_rate", "value": 10.0, "unit": "x", "group": "black women", "comparison_group": "white men"}]),
    ("IBM's face recognition error rate for darker females dropped from 34.7% to 16.97% a year later.",
     [{"value": 34.7, "group": "darker-skinned women", "comparison_value": None}, {"value": 16.97, "group": "darker-skinned women"}]),  # 0.4: a change keeps its group
    ("Some 35% of respondents said they had made an error on their tax return.", []),
])
def test_more_phrasings(any_ex, text, expected):
    findings = any_ex.extract(text, None)["findings"]
    assert [{k: f[k] for k in want} for f, want in zip(findings, expected)] == expected
    assert len(findings) == len(expected)


def test_data_set_only_from_the_sentence_or_the_study(rules_ex):
    """A data set named for one study is not attached to another study's finding (issue 9)."""
    text = ("Gender Shades measured commercial classifiers on the Pilot Parliaments Benchmark, where error "
            "rates reached 34.7% for darker-skinned women. In 2019, NIST found that false positive rates "
            "were 10 to 100 times higher for Asian and African American faces.")
    r = rules_ex.extract(text, None)
    by_study = {(f["study"], f["value"]): f["dataset"] for f in r["findings"]}
    assert by_study[("Gender Shades", 34.7)] == "Pilot Parliaments Benchmark"
    nist = [d for (study, _), d in by_study.items() if study == "Face Recognition Vendor Test"]
    assert nist and all(d is None for d in nist)
