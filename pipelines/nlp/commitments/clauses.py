"""Split a sentence into the clauses that may each state one commitment.

1. At semicolons and before ", whereas"/", while" (dates and durations stay in their clause).
2. Before a new actor that follows ",", "and", ", and" or a subordinator ("after", "two days
   after", "before", "when"), when both sides hold a trigger: "IBM exited the market, Amazon
   paused police sales for a year and Microsoft said it would not sell ..." is three clauses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span

from ..constants import ACTOR_LABELS
from ..spans import ents_in

CONTRAST = {"whereas", "while"}
JOINERS = {",", "and", "but"}
SUBORDINATORS = {"after", "before", "when"}
UNITS = {"day", "days", "week", "weeks", "month", "months", "year", "years"}
# A clause opening with "two days after" / "a week before": its event is that far from the
# event of the clause it depends on.
OFFSET = re.compile(r"^\W*(?:(?P<n>a|an|one|two|three|four|five|six|seven|ten|\d{1,2})\s+"
                    r"(?P<unit>day|week|month)s?\s+)?(?P<rel>after|before|when)\b", re.IGNORECASE)


def clauses(sent: Span, has_trigger: Callable[[Span], bool]) -> list[tuple[Span, Span]]:
    """``(clause, quoted)`` pairs: ``quoted`` is the punctuation clause the actor clause
    came from (what a commitment quotes)."""
    out = []
    for part in _punct_clauses(sent):
        out.extend((clause, part) for clause in _actor_clauses(part, has_trigger))
    return out


def _punct_clauses(sent: Span) -> list[Span]:
    cuts = [t.i for t in sent if t.text == ";" or (t.lower_ in CONTRAST and t.i > sent.start
                                                      and t.doc[t.i - 1].text == ",")]
    bounds = zip([sent.start] + [c + 1 for c in cuts], cuts + [sent.end])
    return [sent.doc[a:b] for a, b in bounds if b > a]


def _actor_clauses(part: Span, has_trigger: Callable[[Span], bool]) -> list[Span]:
    doc = part.doc
    out, start = [], part.start
    for ent in ents_in(part):
        if ent.label_ not in ACTOR_LABELS:
            continue
        cut = _cut_before(part, ent, start)
        if cut is None:
            continue
        left, right = doc[start:cut[0]], doc[cut[1]:part.end]
        if has_trigger(left) and has_trigger(right):
            out.append(left)
            start = cut[1]
    out.append(doc[start:part.end])
    return out


def _cut_before(part: Span, ent: Span, lo: int) -> tuple[int, int] | None:
    """(end of the left clause, start of the right one) when ``ent`` opens a clause."""
    doc = part.doc
    i = ent.start - 1
    if i <= lo:
        return None
    if doc[i].lower_ == "the" and i - 1 > lo and doc[i - 1].lower_ in SUBORDINATORS:
        i -= 1  # "... after the city council voted to ban ..."
    if doc[i].lower_ in SUBORDINATORS:
        j = i
        if j - 2 >= lo and doc[j - 1].lower_ in UNITS and (doc[j - 2].like_num or doc[j - 2].lower_ in ("a", "an")):
            j -= 2
        k = j
        while k - 1 > lo and doc[k - 1].lower_ in JOINERS:
            k -= 1
        return (k, j) if k > lo else None
    if doc[i].lower_ in JOINERS:
        k = i
        while k - 1 > lo and doc[k - 1].lower_ in JOINERS:
            k -= 1
        return (k, ent.start)
    # ", and drugstore chain Rite Aid shut ...", "and the retailer Kmart paused ...": a short
    # lower-case description of the new actor between the joiner and its name
    j = i
    while j > lo and ent.start - j <= 3 and _descriptor(doc[j]):
        j -= 1
    if j < i and j > lo and doc[j].lower_ in JOINERS:
        k = j
        while k - 1 > lo and doc[k - 1].lower_ in JOINERS:
            k -= 1
        return (k, j + 1)
    return None


def _descriptor(tok) -> bool:
    """A word of a description before a name ("drugstore chain", "the retailer"): lower
    case, no verb form, no function word but "the"."""
    return tok.is_alpha and tok.is_lower and (tok.lower_ == "the" or not tok.is_stop) \
        and not tok.lower_.endswith(("ed", "ing"))
