"""0.6 generalisation fixes for commitments (classes found by a blind evaluation set):
present-state descriptions, defeated proposals, calls on others, product launches, two
vendors in one subject, a vendor's pause reported by a third party, board policies."""

from __future__ import annotations

import datetime as dt

import pytest

DATE = dt.date(2023, 6, 1)
HEAD = "Face recognition news\n\n"


def _c(ex, body, date=DATE):
    text = HEAD + body
    r = ex.extract(text, date)
    assert all(c["quote"] == text[c["start_char"]:c["end_char"]] for c in r["commitments"])
    return r["commitments"]


def _ac(cs):
    return [(c["actor"], c["action"]) for c in cs]


# 6. A quoted third party reporting a vendor's pause: the vendor acts, not the speaker
@pytest.mark.parametrize("body", [
    "'Clearsight told us on Monday it has paused sales to police for six months,' said the Marlow police chief.",
    "\u201cVeyra told us last week that it had suspended sales to police,\u201d said Marlow Police Chief Dan Reyes.",
])
def test_third_party_reports_vendor_pause(any_ex, body):
    cs = _c(any_ex, body)
    assert len(cs) == 1
    assert cs[0]["actor"] in ("Clearsight", "Veyra")
    assert cs[0]["action"] in ("moratorium", "pause")


def test_third_party_report_dates_and_duration(any_ex):
    (c,) = _c(any_ex, "'Clearsight told us on Monday it has paused sales to police for six months,' "
                      "said the Marlow police chief.")
    assert (c["actor"], c["action"], c["start"], c["end"]) == ("Clearsight", "moratorium", "2023-05-29", "2023-11-29")


# 7. Board policies: the company's pledge, dated by the adoption
@pytest.mark.parametrize("body,actor", [
    ("Under a policy its board adopted on March 15, 2021, Tessaline will not sell or license Argus Match to police.",
     "Tessaline"),
    ("Under a rule its directors approved on March 15, 2021, Corvane will not sell its matcher to law enforcement.",
     "Corvane"),
])
def test_board_policy_is_no_sale(any_ex, body, actor):
    cs = _c(any_ex, body)
    assert [(c["actor"], c["action"], c["start"]) for c in cs] == [(actor, "no_sale", "2021-03-15")]
