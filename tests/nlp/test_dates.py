"""Dates, durations and conditions resolved against the document date."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.nlp.dates import (
    add_duration,
    find_condition,
    find_dates,
    find_duration,
    pick_event_date,
)
from pipelines.nlp.dates.resolve import parse_with_dateparser

BASE = dt.date(2020, 6, 11)  # a Thursday
DATES = [
    ("on Wednesday", dt.date(2020, 6, 10)),
    ("on Thursday", dt.date(2020, 6, 11)),
    ("last Thursday", dt.date(2020, 6, 4)),
    ("yesterday", dt.date(2020, 6, 10)),
    ("last year", dt.date(2019, 1, 1)),
    ("on June 10, 2020", dt.date(2020, 6, 10)),
    ("on 10 June 2020", dt.date(2020, 6, 10)),
    ("2019-05-14", dt.date(2019, 5, 14)),
    ("in May 2019", dt.date(2019, 5, 1)),
    ("last June", dt.date(2019, 6, 1)),
    ("in mid-May", dt.date(2020, 5, 15)),
    ("in early June", dt.date(2020, 6, 1)),
    ("in late December", dt.date(2019, 12, 25)),  # a later month without a year: last year's
    ("in March", dt.date(2020, 3, 1)),
]


def test_modal_may_is_not_a_month():
    assert find_dates("Amazon may extend the moratorium, it said.", BASE) == []


@pytest.mark.parametrize("text,expected", DATES)
def test_find_dates(text, expected):
    mentions = find_dates(f"Amazon said {text} that it would act.", BASE)
    assert [m.date for m in mentions] == [expected]


def test_expiry_dates_are_not_start_dates():
    mentions = find_dates("a moratorium that was set to expire next month, confirmed on Tuesday", BASE)
    assert pick_event_date(mentions, BASE) == dt.date(2020, 6, 9)


@pytest.mark.parametrize("text,delta_end", [
    ("a one-year moratorium", dt.date(2021, 6, 10)),
    ("for a year", dt.date(2021, 6, 10)),
    ("a 12-month pause", dt.date(2021, 6, 10)),
    ("six months", dt.date(2020, 12, 10)),
    ("extended indefinitely", None),
    ("until further notice", None),
])
def test_durations(text, delta_end):
    duration = find_duration(text)
    assert duration is not None
    assert add_duration(dt.date(2020, 6, 10), duration) == delta_end


def test_no_duration_in_one_to_one():
    assert find_duration("one-to-one matching") is None


def test_condition():
    assert find_condition("will not sell until there is a national law, it said.") == \
        "until there is a national law"
    assert find_condition("until there is a national law in place, grounded in human rights, that governs "
                          "the technology, company president Brad Smith said") == \
        "until there is a national law in place, grounded in human rights, that governs the technology"
    assert find_condition("paused until further notice") is None


def test_dateparser_fallback_uses_relative_base():
    assert parse_with_dateparser("two days ago", dt.date(2020, 6, 12)) is None or \
        parse_with_dateparser("two days ago", dt.date(2020, 6, 12)) == dt.date(2020, 6, 10)
    assert parse_with_dateparser("the 10th of June 2020", None) == dt.date(2020, 6, 10)


def test_month_without_year_keeps_the_document_year_in_a_narrative():
    from pipelines.nlp.dates.resolve import narrative_dates

    text = ("On June 8, 2020, IBM wrote to Congress. The pause was due to lapse this month. "
            "In mid-May the company said it would extend it.")
    mentions = {m.text: m.date for m in narrative_dates(text, dt.date(2021, 6, 10))}
    assert mentions["mid-May"] == dt.date(2021, 5, 15)
