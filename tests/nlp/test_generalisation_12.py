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


# Dates -------------------------------------------------------------------------------------

def _starts(r, actor=None, action=None):
    return sorted(c["start"] for c in r["commitments"]
                  if (actor is None or c["actor"] == actor) and (action is None or c["action"] == action))


def test_a_regulators_order_and_its_later_fine_are_two_measures(any_ex):
    r = any_ex.extract("The CNIL ruled in March 2021 that Clearview had processed personal data unlawfully "
                       "and ordered it to stop. In May 2023 the CNIL fined Clearview AI an additional "
                       "EUR 5.2 million for failing to comply with its October 2022 ruling.",
                       dt.date(2023, 5, 10))
    starts = _starts(r, "CNIL")
    assert len(starts) == 2 and starts[0].startswith("2021") and starts[1].startswith("2023-05")


def test_a_date_naming_an_earlier_ruling_does_not_date_the_fine(any_ex):
    r = any_ex.extract("France's CNIL fined Clearview AI EUR 5 million for ignoring its October 2022 "
                       "ruling on face recognition.", dt.date(2023, 5, 10))
    assert _starts(r) and all(not s.startswith("2022-10") for s in _starts(r))


def test_a_later_sentence_saying_when_the_actor_announced_it_dates_the_lead(any_ex):
    r = any_ex.extract("WASHINGTON -- The Internal Revenue Service plans to stop using facial "
                       "recognition to verify taxpayers.\n\nThe decision comes during a hard tax season "
                       "for the agency.\n\nThe IRS said Monday that it would move away from the "
                       "selfie check within weeks.", dt.date(2022, 2, 9))
    assert _starts(r, "Internal Revenue Service", "exit") == ["2022-02-07"]


def test_someone_elses_dated_words_do_not_date_the_measure(any_ex):
    r = any_ex.extract("The City of Oakland has voted to ban municipal use of facial recognition, "
                       "the ACLU announced.\n\n\"This is a good day,\" Matt Cagle of the ACLU said "
                       "Wednesday.", dt.date(2019, 7, 18))
    assert _starts(r, "Oakland", "ban") != ["2019-07-17"]


def test_a_ban_that_takes_effect_later_starts_then(any_ex):
    r = any_ex.extract("The Elmstead City Council on Tuesday approved a ban on facial recognition by "
                       "city departments. The ordinance will take effect on January 1, 2021.",
                       dt.date(2020, 9, 10))
    assert _starts(r, action="ban") == ["2021-01-01"]


def test_a_future_month_and_day_of_effect_is_the_next_one(any_ex):
    r = any_ex.extract("AB 1215, which will go into effect on Jan. 1, bans facial recognition on "
                       "California police body cameras.", dt.date(2019, 10, 9))
    assert "2020-01-01" in _starts(r, action="ban")


def test_a_part_in_effect_now_keeps_the_adoption_date(any_ex):
    r = any_ex.extract("Elmstead passes a facial recognition ban.\n\nThe Elmstead City Council voted "
                       "on Wednesday to ban city use of facial recognition. The ban on city use goes "
                       "into effect immediately, while the ban on private use would become effective "
                       "on Jan. 1, 2021.", dt.date(2020, 9, 10))
    starts = _starts(r, action="ban")
    assert starts and starts[0] == "2020-09-09"


def test_an_undated_recap_of_another_place_gets_no_effective_date(any_ex):
    r = any_ex.extract("California will ban facial recognition on police body cameras. The law will "
                       "go into effect on January 1, 2020. Oregon and New Hampshire already have laws "
                       "banning police from using it in body cameras.", dt.date(2019, 10, 9))
    assert _starts(r, "Oregon") in ([], [None])
    assert "2020-01-01" in _starts(r, "California")


def test_a_text_opening_with_the_city_of_a_place_is_read(any_ex):
    r = any_ex.extract("The City of Oakland has voted to ban municipal use of facial recognition.", DATE)
    assert ("JURISDICTION", "City of Oakland") in {(e["label"], e["text"]) for e in r["entities"]}
    assert ("Oakland", "ban") in _commitments(r)


# Entities: laws and parliaments -------------------------------------------------------------

def _ents(r):
    return {(e["text"], e["label"]) for e in r["entities"]}


def test_two_known_laws_joined_by_and_are_two_names(any_ex):
    r = any_ex.extract("The General Data Protection Regulation and the EU AI Act both limit how police "
                       "may use facial recognition.", DATE)
    assert {("General Data Protection Regulation", "LAW"), ("EU AI Act", "LAW")} <= _ents(r)
    assert not any(" and " in text for text, _ in _ents(r))


def test_a_law_named_in_lower_case_is_no_name(any_ex):
    r = any_ex.extract("Critics said the facial recognition program could chill first amendment "
                       "activity at protests.", DATE)
    assert not any(label == "LAW" for _, label in _ents(r))


def test_known_foreign_laws_and_parliaments_are_named(any_ex):
    r = any_ex.extract("Brazil's LGPD governs biometric data, and the Knesset debated a bill on "
                       "facial recognition cameras while the Russian State Duma passed its own law.", DATE)
    assert {("LGPD", "LAW"), ("Knesset", "LEGISLATURE"), ("Russian State Duma", "LEGISLATURE")} <= _ents(r)


def test_the_export_administration_regulations_are_a_known_law(any_ex):
    r = any_ex.extract("Under the Export Administration Regulations, companies need a licence to sell "
                       "face recognition chips to Megvii.", DATE)
    assert ("Export Administration Regulations", "LAW") in _ents(r)


def test_a_bill_number_is_not_taken_for_another_states_law(any_ex):
    r = any_ex.extract("Oregon lawmakers passed HB 2031, which bans police from using facial recognition.",
                       DATE)
    assert {a for a, _ in _commitments(r)} == {"Oregon"}


def test_a_name_printed_with_a_typographic_apostrophe_is_known(any_ex):
    r = any_ex.extract("In response to concerns from our community, and our technology provider Amazon, "
                       "the Washington County Sheriff\u2019s Office is ending its facial recognition program.",
                       DATE)
    assert ("Washington County Sheriff\u2019s Office", "AGENCY") in _ents(r)
    assert {a for a, action in _commitments(r) if action == "exit"} == {"Washington County Sheriff's Office"}


def test_a_place_possessive_alias_does_not_swallow_the_place(any_ex):
    r = any_ex.extract("China\u2019s Cyberspace Administration has issued new rules on facial recognition.", DATE)
    assert ("Cyberspace Administration", "AGENCY") in _ents(r)


# A bare chamber in a text about one state is that state's -----------------------------------

def test_a_bare_senate_in_a_text_about_a_state_is_the_states(any_ex):
    r = any_ex.extract("Virginia lawmakers are weighing limits on police face recognition. The Senate "
                       "passed a bill on Tuesday that bans local police from using facial recognition.",
                       DATE)
    actors = {a for a, action in _commitments(r) if action == "ban"}
    assert actors == {"Virginia"}


def test_the_senate_of_a_text_naming_congress_stays_federal(any_ex):
    r = any_ex.extract("Virginia's senators back the federal bill. Congress is divided, but the Senate "
                       "passed a bill on Tuesday that bans federal agencies from using facial recognition.",
                       DATE)
    assert "Virginia" not in {a for a, action in _commitments(r) if action == "ban"}


def test_starting_a_month_and_day_ahead_is_the_next_one(any_ex):
    r = any_ex.extract("Starting July 1, Virginia will ban local police from using facial recognition.",
                       dt.date(2021, 4, 7))
    assert _starts(r, "Virginia", "ban") == ["2021-07-01"]


def test_a_possessive_noun_the_verb_speaks_of_is_no_second_claim(any_ex):
    r = any_ex.extract("Amazon's one-year moratorium on police use of Rekognition, announced in June "
                       "2020, was extended indefinitely in May 2021.", dt.date(2023, 6, 1))
    assert _commitments(r) == {("Amazon", "extension")}


def test_a_participle_after_another_noun_does_not_date_the_claim(any_ex):
    r = any_ex.extract("We are extending the moratorium on police use of Rekognition indefinitely. "
                       "Police use remains paused until further notice. The exception announced last "
                       "year continues for groups that find missing children.", dt.date(2021, 5, 18))
    assert _starts(r, "Amazon", "extension") == ["2021-05-18"]
