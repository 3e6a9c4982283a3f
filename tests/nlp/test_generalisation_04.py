"""0.4 generalisation fixes (classes found by a blind evaluation set): unknown vendors and
products, "respectively" lists over systems, subjectless bill verbs, sunset dates, regulators."""

from __future__ import annotations

import datetime as dt

import pytest


def _get(r):
    return {(c["actor"], c["action"]): c for c in r["commitments"]}


def _ents(r):
    return {(e["text"], e["label"]) for e in r["entities"]}


def _quotes_ok(text, r):
    return all(x["quote"] == text[x["start_char"]:x["end_char"]] for x in r["commitments"] + r["findings"])


# 1. Unknown vendors and products
@pytest.mark.parametrize("text,vendor,product,action,start,end", [
    ("Halverson Analytics said it would suspend sales of its FaceMatch software to police agencies for "
     "18 months starting April 1, 2023.", "Halverson Analytics", "FaceMatch", "moratorium", "2023-04-01", "2024-10-01"),
    ("Brightwater Systems' FaceGate will no longer be sold to police departments, the company said.",
     "Brightwater Systems", "FaceGate", "no_sale", "2023-03-10", None),
    ("Tolland Vision will halt sales of its Sentinel platform to law enforcement for six months beginning "
     "May 15, 2023.", "Tolland Vision", "Sentinel", "moratorium", "2023-05-15", "2023-11-15"),
])
def test_unknown_vendor_and_product(any_ex, text, vendor, product, action, start, end):
    r = any_ex.extract(text, dt.date(2023, 3, 10))
    assert {(vendor, "VENDOR"), (product, "PRODUCT")} <= _ents(r)
    (c,) = r["commitments"]
    assert (c["actor"], c["action"], c["product"], c["start"], c["end"]) == (vendor, action, product, start, end)
    assert _quotes_ok(text, r)


@pytest.mark.parametrize("text", [
    "Computer Vision researchers met in Paris to discuss face recognition benchmarks.",
    "The EU AI Act restricts real-time facial recognition in public spaces.",
])
def test_generic_names_are_no_vendors(any_ex, text):
    r = any_ex.extract(text, dt.date(2023, 3, 10))
    assert not any(e["label"] == "VENDOR" for e in r["entities"])


# 2. "respectively" over systems; a change over time keeps its group
def test_respectively_over_systems_gives_one_finding_per_system(any_ex):
    text = ("The audit found false positive rates for Black women of 4.1%, 2.6% and 1.9% for Vistara, OptiFace "
            "and PersonaID, respectively, against 0.4% for white men.")
    r = any_ex.extract(text, dt.date(2022, 5, 4))
    got = [(f["system"], f["value"], f["group"], f["comparison_group"], f["comparison_value"]) for f in r["findings"]]
    assert got == [("Vistara", 4.1, "black women", "white men", 0.4),
                   ("OptiFace", 2.6, "black women", "white men", 0.4),
                   ("PersonaID", 1.9, "black women", "white men", 0.4)]
    assert not any(e["label"] == "PERSON" for e in r["entities"])
    assert _quotes_ok(text, r)


@pytest.mark.parametrize("text,values", [
    ("IBM's error rate for darker-skinned women fell to 6.2%, down from 34.7% in 2018.", [6.2, 34.7]),
    ("The false match rate rose to 0.9% for Asian faces, up from 0.2% a year earlier.", [0.9, 0.2]),
    ("Error rates for darker-skinned women dropped from 34.7% in 2018 to 6.2%.", [34.7, 6.2]),
])
def test_a_change_keeps_its_group(any_ex, text, values):
    r = any_ex.extract(text, dt.date(2022, 5, 4))
    assert [f["value"] for f in r["findings"]] == values
    assert len({f["group"] for f in r["findings"]}) == 1 and r["findings"][0]["group"] is not None
    assert all(f["comparison_value"] is None for f in r["findings"])


# 3. Subjectless bill verbs
@pytest.mark.parametrize("clause,action", [
    ("Bars the police department and all other city agencies from acquiring or using face recognition.", "ban"),
    ("Forbids city departments from using facial recognition technology.", "ban"),
    ("Prevents any city agency from using face surveillance on public camera footage.", "ban"),
    ("Requires the police department to stop using facial recognition software.", "ban"),
    ("Restricts the use of facial recognition by city agencies to investigations of violent crimes.", "restriction"),
])
def test_subjectless_bill_clauses(any_ex, clause, action):
    text = f"Ordinance 2021-14, adopted July 27, 2021.\n\n{clause}"
    r = any_ex.extract(text, dt.date(2021, 8, 1), hints={"kind": "bill", "actor": "Easton"})
    (c,) = r["commitments"]
    assert (c["actor"], c["action"], c["start"]) == ("Easton", action, "2021-07-27")


# 4. Sunset dates
def test_sunset_ends_the_law_and_unless_is_a_condition(any_ex):
    text = ("AB 1215 bars police from using facial recognition on body camera footage. The law takes effect "
            "January 1, 2020 and sunsets on January 1, 2023 unless the legislature renews it.")
    r = any_ex.extract(text, dt.date(2019, 10, 9))
    (c,) = r["commitments"]
    assert (c["actor"], c["action"], c["start"], c["end"]) == ("AB 1215", "ban", "2020-01-01", "2023-01-01")
    assert c["condition"] == "unless the legislature renews it"


def test_sunset_in_the_same_sentence(any_ex):
    text = ("HB 2031, which takes effect on July 1, 2021, prohibits police from using face recognition "
            "and expires on July 1, 2024.")
    (c,) = any_ex.extract(text, dt.date(2021, 3, 1))["commitments"]
    assert (c["actor"], c["action"], c["start"], c["end"]) == ("HB 2031", "ban", "2021-07-01", "2024-07-01")


# 5. Regulators
def test_regulator_order_is_its_restriction(any_ex):
    text = ("The Information Commissioner's Office fined facial recognition firm Clearview AI £7.5m and ordered "
            "it to stop collecting and to delete UK residents' images.")
    r = any_ex.extract(text, dt.date(2022, 5, 23))
    assert ("Information Commissioner's Office", "AGENCY") in _ents(r)
    (c,) = r["commitments"]
    assert (c["actor"], c["action"], c["start"]) == ("Information Commissioner's Office", "restriction", "2022-05-23")
    assert _quotes_ok(text, r)


@pytest.mark.parametrize("text,agency", [
    ("Harvesting images from social media for face recognition is unlawful, the European Data Protection "
     "Supervisor said.", "European Data Protection Supervisor"),
    ("CNIL, the French data protection authority, ordered Clearview AI to halt its facial recognition "
     "processing.", "CNIL"),
    ("Greece's privacy regulator, the Hellenic Data Protection Authority, fined the face recognition firm.",
     "Hellenic Data Protection Authority"),
])
def test_regulators_are_agencies_and_gerunds_no_persons(any_ex, text, agency):
    r = any_ex.extract(text, dt.date(2022, 5, 23))
    assert (agency, "AGENCY") in _ents(r)
    assert not any(e["label"] == "PERSON" for e in r["entities"])


def test_the_ordered_vendor_makes_no_pledge(any_ex):
    text = "CNIL ordered Clearview AI to halt its facial recognition processing in France."
    got = _get(any_ex.extract(text, dt.date(2021, 12, 16)))
    assert list(got) == [("CNIL", "restriction")]
