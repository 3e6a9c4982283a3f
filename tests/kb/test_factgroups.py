"""Reports resolved into facts (kb/factgroups.py)."""

from __future__ import annotations

from kb.factgroups import commitment_facts, dates_agree, disagreements, finding_facts, primary_report


def row(i, actor, action="ban", start=None, scope=None, law=None, kind="news"):
    return {"id": i, "actor": actor, "action": action, "start": start, "scope": scope, "law": law,
            "announced": None, "source_kind": kind}


def ids(groups):
    return sorted(sorted(r["id"] for r in g) for g in groups)


def test_a_city_and_its_board_dated_at_their_precision_are_one_fact():
    rows = [row(1, "San Francisco", start="2019-05-21", law="File No. 190110", kind="legislature"),
            row(2, "San Francisco Board of Supervisors", start="2019-05", scope="police"),
            row(3, "San Francisco", start="2019-05", scope="government"),
            row(4, "Oakland", start="2019-07-16")]
    groups = commitment_facts(rows)
    assert ids(groups) == [[1, 2, 3], [4]]
    sf = next(g for g in groups if len(g) == 3)
    assert primary_report(sf)["id"] == 1
    assert disagreements(sf)["start"] == ["2019-05", "2019-05-21"]


def test_classes_scopes_bills_and_years_keep_facts_apart():
    rows = [row(1, "Amazon", "moratorium", "2020-06-10", "police"),
            row(2, "Amazon", "pause", "2020-06-11", "law_enforcement"),     # same fact, another word
            row(3, "Amazon", "moratorium", "2020-06-10", "private"),        # another scope
            row(4, "Amazon", "exit", "2020-06-10"),                          # another class
            row(5, "California", start="2020-01-01", law="AB 1215"),
            row(6, "California", start="2020-01-01", law="SB 1038"),        # another bill
            row(7, "Amazon", "moratorium", "2021")]                          # another year
    assert ids(commitment_facts(rows)) == [[1, 2], [3], [4], [5], [6], [7]]


def test_an_undated_report_joins_only_an_unambiguous_fact():
    one = commitment_facts([row(1, "Boston", start="2020-06-24"), row(2, "Boston")])
    assert ids(one) == [[1, 2]]
    two = commitment_facts([row(1, "Boston", start="2020-06-24"), row(2, "Boston", start="2023-01-05"),
                            row(3, "Boston")])
    assert ids(two) == [[1], [2], [3]]


def test_dates_agree_at_the_coarser_precision():
    assert dates_agree("2019-05", "2019-05-14") and dates_agree("2019", "2019-12-31")
    assert dates_agree("2020-06-10", "2020-06-15") and not dates_agree("2020-06-10", "2020-07-10")
    assert not dates_agree(None, "2020-06-10")


def test_a_news_report_of_a_named_studys_finding_joins_it():
    base = {"system": "Rekognition", "vendor": "Amazon", "metric": "error_rate", "group": "darker-skinned women",
            "value": 31.37}
    rows = [dict(base, id=1, study="Actionable Auditing"), dict(base, id=2, study=None),
            dict(base, id=3, study=None, value=8.0)]
    groups = finding_facts(rows)
    assert sorted(len(g) for g in groups) == [1, 2]
    assert {r["id"] for g in groups if len(g) == 2 for r in g} == {1, 2}
