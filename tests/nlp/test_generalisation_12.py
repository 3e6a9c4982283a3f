"""0.7.23 development round on blind9-11's errors (after their first scores): export-control
and sanctions listings. Texts are made up (no corpus text is copied)."""

from __future__ import annotations

import datetime as dt

DATE = dt.date(2024, 3, 1)


def _listings(r):
    return {(c["actor"], c["target"]) for c in r["commitments"] if c["action"] == "restriction"}


# Export-control and sanctions listings ----------------------------------------------------

def test_an_agency_adding_companies_to_the_entity_list_restricts_each_company(any_ex):
    r = any_ex.extract("Washington, March 1 - The Commerce Department on Friday added Dahua and "
                       "Hikvision to its Entity List over their surveillance cameras.", DATE)
    got = _listings(r)
    assert {("U.S. Department of Commerce", "Dahua Technology"),
            ("U.S. Department of Commerce", "Hikvision")} <= got
    assert all(c["action"] != "ban" for c in r["commitments"])


def test_a_listed_police_bureau_is_not_the_lister(any_ex):
    r = any_ex.extract("The Bureau of Industry and Security announced new export sanctions on "
                       "Thursday.\n\nAmong those placed on the list are Megvii, SenseTime and the "
                       "Urumqi Public Security Bureau, which run face recognition systems.", DATE)
    got = _listings(r)
    assert got and {actor for actor, _ in got} == {"Bureau of Industry and Security"}
    assert {"SenseTime"} <= {target for _, target in got}


def test_an_administration_blacklisting_a_company_is_its_countrys_measure(any_ex):
    r = any_ex.extract("The face recognition firm CloudWalk said it would fight the decision. "
                       "The Biden administration blacklisted CloudWalk in June 2021, citing human rights "
                       "abuses.", DATE)
    got = [c for c in r["commitments"] if c["action"] == "restriction"]
    assert [(c["actor"], c["target"], c["start"][:4]) for c in got] == [
        ("United States", "CloudWalk Technology", "2021")]


def test_listings_of_one_company_in_different_years_are_two_measures(any_ex):
    r = any_ex.extract("The United States added Yitu to an export blacklist in May 2019 over its face "
                       "recognition work. The new sanction adds Yitu to the Chinese Military-Industrial "
                       "Complex Companies List, which bars Americans from investing in it.",
                       dt.date(2021, 12, 10))
    starts = sorted(c["start"][:4] for c in r["commitments"] if c.get("target") == "Yitu Technology")
    assert starts == ["2019", "2021"]


def test_calls_to_blacklist_a_company_and_removals_are_no_listing(any_ex):
    r = any_ex.extract("Lawmakers urged the Commerce Department to add Hikvision to the Entity List "
                       "because of its face recognition cameras. Separately, the department removed "
                       "Dahua from the Entity List last year.", DATE)
    assert _listings(r) == set()


def test_a_company_denying_the_listing_is_not_listed_by_itself(any_ex):
    r = any_ex.extract("Hikvision was added to the Entity List by the Commerce Department in "
                       "October. A Hikvision spokesperson said the company opposes the decision.", DATE)
    got = _listings(r)
    assert got == {("U.S. Department of Commerce", "Hikvision")}


# Governors and mayors act for their places ----------------------------------------------

def _commitments(r):
    return {(c["actor"], c["action"]) for c in r["commitments"]}


def test_a_governor_signing_a_law_is_the_states_measure(any_ex):
    r = any_ex.extract("Gov. Gavin Newsom signed a bill on Tuesday that bars police from using "
                       "facial recognition on body cameras for three years.", DATE)
    assert ("California", "ban") in _commitments(r)


def test_a_governor_named_with_the_state_is_the_states_measure(any_ex):
    r = any_ex.extract("Vermont Gov. Phil Scott signed a moratorium on police use of facial "
                       "recognition on Oct. 7.", DATE)
    assert {a for a, action in _commitments(r) if action == "moratorium"} == {"Vermont"}


def test_an_unknown_governor_acts_for_the_state_the_text_is_about(any_ex):
    r = any_ex.extract("Maryland lawmakers debated face recognition limits for months. Gov. Sam "
                       "Ortiz signed the bill on Friday, restricting police use of facial "
                       "recognition to serious crimes.", DATE)
    assert {a for a, _ in _commitments(r)} == {"Maryland"}


def test_a_law_allowing_use_with_restrictions_is_a_regulation(any_ex):
    r = any_ex.extract("Gov. Jay Inslee signed the law Tuesday allowing state agencies to use facial "
                       "recognition, with restrictions meant to prevent mass surveillance.", DATE)
    assert _commitments(r) == {("Washington State", "regulation")}


def test_governors_ball_is_no_governor(any_ex):
    r = any_ex.extract("Organizers of Governors Ball said they would not use facial recognition "
                       "at the festival.", DATE)
    assert all(a not in ("New York State", "Washington State") for a, _ in _commitments(r))


# Commitments named by a noun --------------------------------------------------------------

def test_a_vendors_possessive_exit_and_moratorium_are_recaps(any_ex):
    r = any_ex.extract("Meta's decision, like IBM's exit and Amazon's police moratorium a year "
                       "earlier, shows how far face recognition has fallen from favour.", DATE)
    got = _commitments(r)
    assert {("IBM", "exit"), ("Amazon", "moratorium")} <= got
    recaps = [c for c in r["commitments"] if c["actor"] in ("IBM", "Amazon")]
    assert all(c["start"] is None for c in recaps)  # undated by the text: not the document's date


def test_a_possessive_recap_does_not_double_a_stated_commitment(any_ex):
    r = any_ex.extract("On June 10, 2020, Amazon announced a one-year moratorium on police use of "
                       "Rekognition. Amazon's moratorium was later extended indefinitely.", DATE)
    assert sum(1 for c in r["commitments"] if c["actor"] == "Amazon" and c["action"] == "moratorium") == 1


def test_a_reversal_for_a_vendor_is_its_reversal(any_ex):
    r = any_ex.extract("The body camera pilot marks a reversal for Axon, which had said it would "
                       "not put face matching on its cameras.", DATE)
    assert ("Axon", "reversal") in _commitments(r)


def test_a_companys_policy_name_is_no_vendor(any_ex):
    r = any_ex.extract("Alongside the release of its Responsible Vision Standard, Microsoft "
                       "announced that it was retiring the emotion recognition features of Azure Face.",
                       DATE)
    assert {a for a, _ in _commitments(r)} == {"Microsoft"}
    assert not any(e["text"] == "Responsible Vision Standard" and e["label"] == "VENDOR" for e in r["entities"])


# Findings: specification sheets are claims ------------------------------------------------

def test_a_product_specification_accuracy_is_a_claim_not_a_finding(any_ex):
    r = any_ex.extract("The camera's product description says it can analyse the sex and ethnicity "
                       "of people with an accuracy rate of no less than 90% for face recognition.", DATE)
    assert [f["value"] for f in r["findings"]] == []
