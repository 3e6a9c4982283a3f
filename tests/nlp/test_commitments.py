"""Commitments: (text, date, expected) tables, run with and without the statistical model."""

from __future__ import annotations

import datetime as dt

import pytest

D = dt.date
# expected: None = no commitment; else the fields that must match (others unchecked).
CASES = [
    ("Amazon announced a one-year moratorium on police use of Rekognition.", D(2020, 6, 10),
     {"actor": "Amazon", "action": "moratorium", "scope": "police", "product": "Rekognition",
      "start": "2020-06-10", "end": "2021-06-10", "duration": "one-year"}),
    ("On Wednesday, Amazon Web Services said it will stop selling Rekognition to police for a year.",
     D(2020, 6, 11), {"actor": "Amazon", "action": "moratorium", "start": "2020-06-10", "end": "2021-06-10"}),
    ("IBM no longer offers general purpose facial recognition or analysis software.", D(2020, 6, 8),
     {"actor": "IBM", "action": "exit", "start": "2020-06-08"}),
    ("Microsoft said it will not sell facial recognition to police departments until Congress passes a federal law.",
     D(2020, 6, 11), {"actor": "Microsoft", "action": "no_sale", "scope": "police",
                      "condition": "until Congress passes a federal law"}),
    ("Amazon has extended its moratorium on police use of facial recognition indefinitely.", D(2021, 5, 18),
     {"actor": "Amazon", "action": "extension", "end": None, "duration": "indefinitely"}),
    ("San Francisco's Board of Supervisors voted on Tuesday to ban city agencies from using facial recognition.",
     D(2019, 5, 15), {"actor": "San Francisco Board of Supervisors", "action": "ban",
                      "scope": "government", "start": "2019-05-14"}),
    (("The Facial Recognition and Biometric Technology Moratorium Act was introduced. The bill would impose a "
     "moratorium on federal use of facial recognition."), D(2020, 6, 25),
     {"actor": "United States", "law": "Facial Recognition and Biometric Technology Moratorium Act",
      "action": "moratorium", "scope": "federal"}),
    ("The Oakdale Police Department announced a 90-day pause on its use of facial recognition.", D(2021, 1, 1),
     {"actor": "Oakdale Police Department", "action": "pause", "end": "2021-04-01"}),
    ("Microsoft will retire the emotion recognition feature of Azure Face.", D(2022, 6, 21),
     {"actor": "Microsoft", "action": "feature_retirement", "product": "Azure Face"}),
    # hard negatives
    ("Activists called for a moratorium on Amazon's Rekognition.", D(2020, 6, 1), None),
    ("Lawmakers urged Congress to ban federal use of facial recognition.", D(2020, 6, 1), None),
    ("Google could pause sales of its face recognition API.", D(2021, 1, 1), None),
    ("Clearview AI denied that it planned to exit the facial recognition market.", D(2021, 1, 1), None),
    ("The city council voted to ban leaf blowers from city parks.", D(2021, 1, 1), None),
    ("Amazon will continue to allow groups that find missing children to use Rekognition.", D(2020, 6, 10), None),
    ("Amazon called on Congress to regulate facial recognition.", D(2020, 6, 10), None),
    ("Amazon has not extended its moratorium on police use of facial recognition.", D(2021, 5, 1), None),
    ("It is unclear whether Google will stop offering its face matching API.", D(2021, 1, 1), None),
    ("Axon's ethics board recommended that the company not put face recognition on body cameras.", D(2019, 6, 27), None),
    # more positives
    ("Microsoft says it won\u2019t sell its facial recognition software to police until federal regulation is passed.",
     D(2020, 6, 11), {"actor": "Microsoft", "action": "no_sale", "condition": "until federal regulation is passed"}),
    ("Amazon reversed course and resumed selling Rekognition to police departments.", D(2023, 1, 1),
     {"actor": "Amazon", "action": "reversal", "scope": "police"}),
    ("San Francisco on Tuesday became the first U.S. city to ban the use of facial recognition by city agencies.",
     D(2019, 5, 15), {"actor": "San Francisco", "action": "ban", "start": "2019-05-14"}),
]


@pytest.mark.parametrize("text,date,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_commitment(any_ex, text, date, expected):
    result = any_ex.extract(text, date)
    commitments = result["commitments"]
    if expected is None:
        assert commitments == []
        return
    assert commitments, f"no commitment in {text!r}"
    got = commitments[0]
    assert {k: got[k] for k in expected} == expected
    assert text[got["start_char"]:got["end_char"]] == got["quote"]


def test_repeated_claims_are_deduplicated(rules_ex):
    text = ("Amazon announced a one-year moratorium on police use of Rekognition. "
            "The moratorium, Amazon said, is a one-year moratorium on police use.")
    result = rules_ex.extract(text, D(2020, 6, 10))
    assert [(c["actor"], c["action"]) for c in result["commitments"]] == [("Amazon", "moratorium")]
    assert result["commitments"][0]["start_char"] == 0


def test_company_coreference_to_main_vendor(rules_ex):
    text = "Amazon faced criticism for months. On Wednesday the company said it would pause police use of Rekognition."
    result = rules_ex.extract(text, D(2020, 6, 11))
    assert result["commitments"][0]["actor"] == "Amazon"


def test_headline_is_its_own_sentence_and_quotes_are_trimmed(rules_ex):
    text = ("Amazon Puts Police Use of Face Recognition on Hold\n\n"
            "Amazon on Wednesday announced a one-year moratorium on police use of Rekognition.\n")
    c = rules_ex.extract(text, D(2020, 6, 11))["commitments"][0]
    assert c["quote"].startswith("Amazon on Wednesday") and c["quote"].endswith("Rekognition.")
    assert text[c["start_char"]:c["end_char"]] == c["quote"]


@pytest.mark.parametrize("text,duration,end", [
    ("Two days after IBM said it would no longer offer face recognition, it was over.", None, None),
    ("Amazon imposed a year-long ban on police use of its face recognition software.", "a year-long", "2021-06-10"),
    ("Amazon said police will not be able to use Rekognition for one year.", "one year", "2021-06-10"),
])
def test_durations_only_for_time_bound_actions(rules_ex, text, duration, end):
    c = rules_ex.extract(text, D(2020, 6, 10))["commitments"][0]
    assert (c["duration"], c["end"]) == (duration, end)


@pytest.mark.parametrize("text,date,expected", [
    ("Amazon announced a moratorium on police use of Rekognition on Wednesday. The moratorium will last one year.",
     D(2020, 6, 11), ("2020-06-10", "2021-06-10", "one year")),
    ("June 10, 2020\n\nAmazon is implementing a one-year moratorium on police use of Rekognition.",
     None, ("2020-06-10", "2021-06-10", "one-year")),
    ("June 10, 2020\n\nAmazon is implementing a one-year moratorium on police use of Rekognition.",
     D(2026, 1, 1), ("2020-06-10", "2021-06-10", "one-year")),
])
def test_later_sentences_and_datelines_complete_a_commitment(any_ex, text, date, expected):
    commitments = any_ex.extract(text, date)["commitments"]
    assert [(c["start"], c["end"], c["duration"]) for c in commitments] == [expected]


def test_same_claim_in_other_words_is_one_commitment(any_ex):
    text = ("AWS on Wednesday put a one-year hold on law enforcement use of Rekognition. "
            "Amazon said the pause would give lawmakers time to write rules.")
    commitments = any_ex.extract(text, D(2020, 6, 10))["commitments"]
    assert [(c["actor"], c["action"]) for c in commitments] == [("Amazon", "moratorium")]


def test_clauses_each_carry_a_commitment_and_inherit_the_actor(any_ex):
    text = ("* Amazon (June 10, 2020): one-year moratorium on police use of Rekognition; "
            "extended indefinitely in May 2021.")
    got = [(c["actor"], c["action"], c["start"], c["end"]) for c in any_ex.extract(text, D(2021, 7, 1))["commitments"]]
    assert got == [("Amazon", "moratorium", "2020-06-10", "2021-06-10"), ("Amazon", "extension", "2021-05-01", None)]


@pytest.mark.parametrize("text,expected", [
    ("The move follows IBM's announcement on Monday that it would stop offering facial recognition technology altogether.",
     [("IBM", "exit", "2020-06-08")]),
    ("In a blog post, Amazon said it hoped Congress would use the year to enact stricter regulations.", []),
    ("* IBM (June 8, 2020): exited general-purpose face recognition.", [("IBM", "exit", "2020-06-08")]),
])
def test_possessor_pronouns_hopes_and_terse_exits(any_ex, text, expected):
    got = [(c["actor"], c["action"], c["start"]) for c in any_ex.extract(text, D(2020, 6, 11))["commitments"]]
    assert got == expected


@pytest.mark.parametrize("text,action", [
    ("IBM announced it will discontinue its general-purpose facial recognition products.", "exit"),
    ("IBM is sunsetting its facial recognition business.", "exit"),
    ("IBM said it has stopped selling facial recognition software.", "exit"),
    ("IBM gets out of facial recognition, citing racial profiling concerns.", "exit"),
    ("Microsoft said it will retire facial analysis capabilities in Azure Face.", "feature_retirement"),
])
def test_exit_versus_feature_retirement(any_ex, text, action):
    assert [c["action"] for c in any_ex.extract(text, D(2020, 6, 9))["commitments"]] == [action]


PHRASING_CASES = [
    # leaving a business said as "no longer be in the business of"
    ("Veridex said it would no longer be in the business of facial recognition technology.",
     {"actor": "Veridex", "action": "exit"}),
    # a vendor's time-limited "ban" on police is a moratorium, "at least" or not
    ("Veridex, a facial recognition vendor, said it would ban police departments from its service for at least a year.",
     {"actor": "Veridex", "action": "moratorium", "end": "2021-03-01"}),
    # holding a product back: "will not be commercializing face matching"
    ("Veridex announced it would not be commercializing face matching products on its cameras at this time.",
     {"actor": "Veridex", "action": "moratorium"}),
]


@pytest.mark.parametrize("text,expected", PHRASING_CASES, ids=[c[0][:50] for c in PHRASING_CASES])
def test_more_vendor_phrasings(model_ex, text, expected):
    got = model_ex.extract(text, D(2020, 3, 1))["commitments"]
    assert any(all(c.get(k) == v for k, v in expected.items()) for c in got), got


SIMILAR_CASES = [
    # the places before the phrase: the measure it names
    ("The Vermont Senate voted to ban police use of face recognition. Maine and Oregon passed similar "
     "bans last year.", {("Maine", "ban"), ("Oregon", "ban")}),
    # a general word: the measure stated last in the document
    ("Montana enacted a moratorium on government use of facial recognition. Idaho and Utah already have "
     "similar measures in place.", {("Idaho", "moratorium"), ("Utah", "moratorium")}),
    # the places after the phrase
    ("The Ohio House approved a ban on face surveillance by state agencies, following previous bans by "
     "Vermont and Maine.", {("Vermont", "ban"), ("Maine", "ban")}),
    ("Nevada lawmakers voted to ban facial recognition in schools. Two other states followed suit, "
     "including Arizona.", {("Arizona", "ban")}),
    # two lists of one recap, bridged by "and the states of"
    ("Iowa became the fifth state to ban police use of facial recognition, joining Maine and Vermont and "
     "the western states of Oregon and Utah.", {("Maine", "ban"), ("Vermont", "ban"), ("Oregon", "ban"),
                                                ("Utah", "ban")}),
]


@pytest.mark.parametrize("text,expected", SIMILAR_CASES, ids=[c[0][:50] for c in SIMILAR_CASES])
def test_places_with_similar_measures_get_them(any_ex, text, expected):
    got = {(c["actor"], c["action"]) for c in any_ex.extract(text, D(2021, 3, 1))["commitments"]}
    assert expected <= got, got


@pytest.mark.parametrize("text", [
    "Maine and Oregon have similar weather in the spring, and face recognition vendors say so too.",
    "Vendors followed suit, including several that sell facial recognition to police.",
    "Idaho and Utah already have similar measures in place.",  # nothing stated before: no measure to copy
])
def test_likeness_without_a_measure_adds_nothing(any_ex, text):
    assert any_ex.extract(text, D(2021, 3, 1))["commitments"] == []
