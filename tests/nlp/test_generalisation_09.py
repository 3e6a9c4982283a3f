"""0.7.3 development round on the real-text dev split, aimed at recall classes: names defined
with their acronym, bodies' names that go on past the part typed ("of/for ...", a place in
front), law names wrapped over a line, with a year or a section, bill numbers, surnames of
full names, counted false matches in a relative clause, "1 in 5 ... to mugshots", failure
rates. Texts are made up (the dev texts are not copied)."""

from __future__ import annotations

import datetime as dt

DATE = dt.date(2023, 6, 1)
HEAD = "Face recognition news\n\n"


def _r(ex, body, date=DATE):
    text = HEAD + body
    r = ex.extract(text, date)
    assert all(text[e["start"]:e["end"]] == e["text"] for e in r["entities"])
    return r


def _ents(r):
    return {(e["text"], e["label"]) for e in r["entities"]}


# Entities ---------------------------------------------------------------------------------

def test_name_defined_with_its_acronym_is_typed_by_its_head(any_ex):
    r = _r(any_ex, "The Lakeshore Association of Municipalities (LAMUN) runs the Regional Face Search "
                   "System (REFSS) for facial recognition. LAMUN said REFSS would be paused.")
    got = _ents(r)
    assert ("Lakeshore Association of Municipalities", "AGENCY") in got
    assert ("LAMUN", "AGENCY") in got
    assert ("Regional Face Search System", "PRODUCT") in got
    assert [e["label"] for e in r["entities"] if e["text"] == "REFSS"] == ["PRODUCT", "PRODUCT"]


def test_acronym_of_an_advocacy_group_stays_untyped(any_ex):
    r = _r(any_ex, "The Northland Civil Rights Union (NCRU) criticised facial recognition.")
    assert not [e for e in r["entities"] if e["text"] in ("NCRU", "Northland Civil Rights Union")]


def test_body_name_goes_on_through_of_and_for(any_ex):
    r = _r(any_ex, "The Office of the Information and Privacy Commissioner on Monday said facial "
                   "recognition was used unlawfully.")
    assert ("Office of the Information and Privacy Commissioner", "AGENCY") in _ents(r)


def test_place_opens_a_body_name(any_ex):
    r = _r(any_ex, "The Maine Bureau of Motor Vehicles ran facial recognition searches.")
    assert ("Maine Bureau of Motor Vehicles", "AGENCY") in _ents(r)


def test_body_name_stops_at_a_line_break(any_ex):
    r = _r(any_ex, "Be it enacted by the Senate and House of Representatives of the\nUnited States "
                   "of America in Congress assembled, that facial recognition is limited.")
    assert not [e for e in r["entities"] if "\n" in e["text"]]


def test_law_names_wrapped_with_year_or_section(any_ex):
    r = _r(any_ex, "The Ethical Use of Facial Recognition\nAct was introduced. The Privacy Act 1988 "
                   "applies, and so does Section 5 of the FTC Act. H. R. 1404 and A.B.1215 too.")
    got = _ents(r)
    for name in ("Ethical Use of Facial Recognition\nAct", "Privacy Act 1988", "Section 5 of the FTC Act",
                 "H. R. 1404", "A.B.1215"):
        assert (name, "LAW") in got, name


def test_surname_of_a_full_name_is_the_person(model_ex):
    r = _r(model_ex, "Justice Minister Helen Marlowe announced a facial recognition bill on Monday. "
                     "It is a key element of Minister Marlowe's agenda.")
    assert [e["label"] for e in r["entities"] if e["text"] == "Marlowe"] == ["PERSON"]


# Findings ---------------------------------------------------------------------------------

def test_count_in_a_relative_clause(any_ex):
    r = _r(any_ex, "Councillor Dana Ruiz was one of 31 lawmakers that the facial recognition program "
                   "falsely matched with mugshots.")
    assert [f["value"] for f in r["findings"]] == [31.0]


def test_one_in_n_matched_to_mugshots(any_ex):
    r = _r(any_ex, "The test of the facial recognition software matched 1 in 4 legislators to the "
                   "mugshot of someone who had been arrested.")
    assert [(f["value"], f["unit"]) for f in r["findings"]] == [(25.0, "%")]


def test_failure_rate_is_an_error_rate(any_ex):
    r = _r(any_ex, "The facial recognition trial had a failure rate of 91 per cent, the audit found.")
    assert [(f["value"], f["metric"]) for f in r["findings"]] == [(91.0, "error_rate")]
