"""0.2 generalisation fixes: hints, coreference, narrative dates, datelines, modal and
negated triggers, papers, study attribution and soft-wrapped lines."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.nlp.dates import narrative_dates
from pipelines.nlp.extractor import as_hints


def _acts(r):
    return {(c["actor"], c["action"]) for c in r["commitments"]}


def test_hints_are_optional_and_checked(any_ex):
    text = "Prohibits city departments from acquiring or using face recognition technology."
    assert any_ex.extract(text, dt.date(2020, 1, 2))["commitments"] == []
    r = any_ex.extract(text, dt.date(2020, 1, 2), {"kind": "bill", "actor": "Millbrook"})
    (c,) = r["commitments"]
    assert (c["actor"], c["action"], c["scope"], c["start"]) == ("Millbrook", "ban", "government", None)
    assert c["quote"] == text[c["start_char"]:c["end_char"]]
    assert list(any_ex.extract_many([(text, None), (text, None, {"kind": "bill", "actor": "X"})]))[1]["commitments"]
    assert as_hints({"kind": "newsletter"})["kind"] is None
    with pytest.raises(ValueError):
        as_hints({"jurisdiction": "X"})


def test_bill_until_date_is_the_end(any_ex):
    text = ("Bars public and nonpublic schools from buying or using biometric identifying technology "
            "until July 1, 2025.\n\nSigned by the governor on December 22, 2021.")
    (c,) = any_ex.extract(text, dt.date(2021, 3, 1), {"kind": "bill", "actor": "Westland"})["commitments"]
    assert (c["action"], c["scope"], c["start"], c["end"]) == ("ban", "government", "2021-12-22", "2025-07-01")


def test_paper_we_never_commits(any_ex):
    text = "We pause police use of face recognition in our simulations for two years."
    assert any_ex.extract(text, None, {"kind": "paper", "actor": None})["commitments"] == []


def test_it_goes_to_the_nearest_vendor(any_ex):
    text = ("Amazon and Amazon's Rekognition drew the most criticism. IBM wrote to Congress on June 8, 2020. "
            "In the letter the company said it no longer offers facial recognition software.")
    assert _acts(any_ex.extract(text, dt.date(2020, 6, 12))) == {("IBM", "exit")}


def test_month_day_takes_the_narrative_year():
    text = "In March 2020 hearings began. On May 20, the council voted. Two days later, it met."
    dates = [m.date for m in narrative_dates(text, dt.date(2021, 3, 1))]
    assert dates == [dt.date(2020, 3, 1), dt.date(2020, 5, 20), dt.date(2020, 5, 22)]
    # no explicit year: never after the document date
    assert [m.date for m in narrative_dates("On June 11, X said.", dt.date(2021, 6, 10))] == [dt.date(2020, 6, 11)]


def test_dateline_place_is_no_actor_and_we_is_the_publisher(model_ex):
    text = ("We are retiring gender classification from the Lumora Face API\n"
            "Boston, July 14, 2022 \u2014 Lumora today announced that it will retire gender classification.")
    r = model_ex.extract(text, dt.date(2022, 7, 14))
    assert _acts(r) == {("Lumora", "feature_retirement")}
    assert not any(e["label"] == "PRODUCT" for e in r["entities"])


@pytest.mark.parametrize("text", [
    "Twelve months should be long enough for Congress to regulate how the technology is used.",
    "A national law would give Congress time to regulate face recognition.",
    "Police use of Rekognition remains paused, and Amazon will not lift the pause without notice.",
    "The Oakdale Police Department won't resume face recognition searches.",
    "We survey restrictions on facial recognition adopted by cities and vendors such as Amazon.",
])
def test_no_new_commitment(any_ex, text):
    assert any_ex.extract(text, dt.date(2021, 5, 18))["commitments"] == []


def test_duration_stays_in_its_clause(any_ex):
    text = ("Somerville banned city use of face recognition in June 2019, whereas Vermont's two-year "
            "moratorium on police use lapsed on October 1, 2022.")
    got = {c["actor"]: (c["start"], c["end"]) for c in any_ex.extract(text, dt.date(2023, 1, 1))["commitments"]}
    assert got["Somerville"] == ("2019-06-01", None)


def test_study_is_the_nearest_mention(any_ex):
    text = ("The Gender Shades audit found error rates of up to 34.7% for darker-skinned women. A later study, "
            "Actionable Auditing, tested Amazon Rekognition. Rekognition misclassified darker-skinned women "
            "31.37% of the time and made no errors (0%) for lighter-skinned men.")
    found = {(f["study"], f["value"], f["comparison_value"]) for f in any_ex.extract(text, None)["findings"]}
    assert found == {("Gender Shades", 34.7, None), ("Actionable Auditing", 31.37, 0.0)}


def test_soft_wrapped_lines_stay_one_sentence(any_ex):
    text = ("Main findings\nIn one-to-one matching, the false positive rates of most algorithms were\n10 to 100 "
            "times higher for some demographic groups than for others, as the US National\nInstitute of "
            "Standards and Technology reported in its Face Recognition Vendor Test of\nDecember 2019.\n")
    doc = any_ex.nlp(text)
    assert [s.text.strip()[:13] for s in doc.sents if s.text.strip()] == ["Main findings", "In one-to-one"]
    (f,) = any_ex.extract(text, None)["findings"]
    assert (f["value"], f["unit"], f["study"]) == (100.0, "x", "Face Recognition Vendor Test")
