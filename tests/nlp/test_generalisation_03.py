"""0.3 generalisation fixes: vendors imposing measures on others' use, negated permission,
unknown places acting through their bodies, several commitments in one sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.nlp.dates import find_duration


def _get(r):
    return {(c["actor"], c["action"]): c for c in r["commitments"]}


def _quotes_ok(text, r):
    return all(c["quote"] == text[c["start_char"]:c["end_char"]] for c in r["commitments"])


def test_vendor_imposes_a_measure_after_an_offset_clause(any_ex):
    text = ("Three days after Microsoft said it would stop selling face recognition to police, Kairos on "
            "Friday imposed a 12-month ban on police use of its matching software.")
    r = any_ex.extract(text, dt.date(2020, 6, 15))  # a Monday: Friday is June 12
    got = _get(r)
    k = got[("Kairos", "moratorium")]
    assert (k["scope"], k["start"], k["end"]) == ("police", "2020-06-12", "2021-06-12")
    m = got[("Microsoft", "no_sale")]
    assert (m["scope"], m["start"]) == ("police", "2020-06-09")  # three days before
    assert _quotes_ok(text, r)


@pytest.mark.parametrize("text,actor,action,scope,end", [
    ("Kairos won't let law enforcement agencies use its face matching platform for a year.",
     "Kairos", "moratorium", "law_enforcement", "2021-03-01"),
    ("IBM will no longer permit police departments to buy its facial analysis software.",
     "IBM", "no_sale", "police", None),
    ("Clearview AI will not allow sheriffs to access its face search for the next six months, the firm said.",
     "Clearview AI", "moratorium", "police", "2020-09-01"),
    ("Granby's council said the city will not allow municipal agencies to acquire face recognition systems.",
     "Granby", "ban", "government", None),
])
def test_negated_permission_is_a_pledge(any_ex, text, actor, action, scope, end):
    (c,) = any_ex.extract(text, dt.date(2020, 3, 1))["commitments"]
    assert (c["actor"], c["action"], c["scope"], c["start"], c["end"]) == (actor, action, scope, "2020-03-01", end)


@pytest.mark.parametrize("text,actor,start", [
    ("Maple Grove's city council voted 4-3 on Tuesday to prohibit city departments from using face "
     "recognition technology.", "Maple Grove", "2021-06-08"),
    ("The town council of Eastbury unanimously approved a ban on facial recognition by police on "
     "June 2, 2021.", "Eastbury", "2021-06-02"),
    ("Voters in Ridgefield on Monday approved a measure barring the police from using face surveillance.",
     "Ridgefield", "2021-06-07"),
    ("The City of Harlow banned municipal use of facial recognition on Wednesday.", "Harlow", "2021-06-09"),
])
def test_unknown_place_acts_through_its_body(any_ex, text, actor, start):
    r = any_ex.extract(text, dt.date(2021, 6, 11))  # a Friday
    (c,) = r["commitments"]
    assert (c["actor"], c["action"], c["start"]) == (actor, "ban", start)
    # "the City of Harlow" is one name, the longest (the actor is the place, Harlow)
    name = f"City of {actor}" if f"City of {actor}" in text else actor
    assert (name, "JURISDICTION") in {(e["text"], e["label"]) for e in r["entities"]}


def test_comma_joined_commitments_each_get_their_actor(any_ex):
    text = ("Within a week IBM left the face recognition business, Amazon paused police use of Rekognition for "
            "a year, and Microsoft said it would not sell face recognition to police until a federal law passes.")
    r = any_ex.extract(text, dt.date(2020, 6, 15))
    got = _get(r)
    assert set(got) == {("IBM", "exit"), ("Amazon", "moratorium"), ("Microsoft", "no_sale")}
    assert got[("IBM", "exit")]["scope"] is None
    assert got[("Amazon", "moratorium")]["end"] == "2021-06-15"
    assert got[("Microsoft", "no_sale")]["condition"] == "until a federal law passes"
    assert _quotes_ok(text, r)


@pytest.mark.parametrize("text", [
    "Analysts think Amazon may impose a year-long ban on police use of Rekognition.",
    "Activists urged the city council of Fairview to prohibit police use of face recognition.",
    "Critics said Kairos should not allow police departments to use its face matching tool.",
    "It is unclear whether IBM will let law enforcement agencies use its facial analysis software.",
    "Residents of Dover asked the town council to ban face recognition.",
    "IBM will not let customers use its face recognition software for mass surveillance.",
])
def test_no_commitment_in_speculation_or_calls(any_ex, text):
    assert any_ex.extract(text, dt.date(2021, 6, 11))["commitments"] == []


def test_coordinated_subjects_each_get_the_measure_once(any_ex):
    # one measure per vendor of a coordinated subject (issue 8: one record per actor), and no
    # more than one each
    text = "Amazon, IBM and Microsoft all paused sales of face recognition to police in June 2020."
    got = [(c["actor"], c["action"]) for c in any_ex.extract(text, dt.date(2020, 7, 1))["commitments"]]
    assert sorted(got) == [("Amazon", "pause"), ("IBM", "pause"), ("Microsoft", "pause")]


def test_offsets_are_not_durations_and_long_forms_are():
    assert find_duration("Two days after IBM said it was leaving the market") is None
    assert find_duration("its year-long ban").delta.years == 1
    assert find_duration("for the next year").delta.years == 1
    assert find_duration("for the next twelve months").delta.years == 1


def test_measure_named_after_the_trigger(any_ex):
    text = "Police will not be allowed to use face recognition, says the ordinance."
    assert any_ex.extract(text, dt.date(2022, 5, 4))["commitments"] == []  # no named body: no actor
    (c,) = any_ex.extract(text, dt.date(2022, 5, 4), {"kind": "bill", "actor": "Eastbury"})["commitments"]
    assert (c["actor"], c["action"], c["scope"]) == ("Eastbury", "ban", "police")
    text = ("City departments were barred from buying face surveillance tools under the new ordinance, which "
            "the Dunmore City Council passed on Monday.")
    (c,) = any_ex.extract(text, dt.date(2022, 5, 4))["commitments"]
    assert (c["actor"], c["action"], c["start"]) == ("Dunmore City Council", "ban", "2022-05-02")


def test_trailing_offset_clause_is_dated_before_the_main_clause(any_ex):
    text = ("Amazon on Wednesday imposed a one-year moratorium on police use of its face recognition "
            "service, two days after IBM said it was leaving the face recognition business.")
    got = _get(any_ex.extract(text, dt.date(2020, 6, 12)))
    assert got[("Amazon", "moratorium")]["start"] == "2020-06-10"
    assert got[("IBM", "exit")]["start"] == "2020-06-08"
