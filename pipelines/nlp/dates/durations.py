"""Durations ("one-year", "for 12 months", "indefinitely") and conditions ("until ...")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "eighteen": 18, "eighty": 80, "ninety": 90, "thirty": 30, "sixty": 60,
}
_NUM = r"(?P<n>\d{1,3}|" + "|".join(k for k in NUMBERS if k not in ("a", "an")) + r")"
# "one-year moratorium", "12-month pause", "for a year", "for six months", "90 days",
# "for the next year", "its year-long ban", "for at least a year"
DURATION = re.compile(
    r"\b(?:" + _NUM + r"[\s-](?P<unit>year|month|week|day)s?(?:[\s-]long)?"
    r"|(?:for\s+)?(?P<a>an?)\s+(?P<unit2>year|month|week|day)[\s-]long"
    r"|for\s+(?:(?:at\s+least|up\s+to|about|around|roughly|nearly|almost)\s+)?(?P<a2>an?)\s+(?P<unit3>year|month|week|day)"
    r"|for\s+the\s+(?:next|coming|following)\s+(?P<unit4>year|month|week)"
    r"|(?<![\w-])(?P<unit5>year|month|week)[\s-]long)\b", re.IGNORECASE)
# "two days after ...", "a year ago": a time offset, not the length of a commitment.
OFFSET_AFTER = re.compile(r"\s+(?:after|before|ago|later|earlier|prior)\b", re.IGNORECASE)
# "delete the images within two months": a deadline, not the length of a commitment.
DEADLINE_BEFORE = re.compile(r"\bwithin\s+(?:the\s+next\s+)?$", re.IGNORECASE)
INDEFINITE = re.compile(r"\b(indefinitely|until further notice|permanently|indefinite)\b", re.IGNORECASE)
CONDITION = re.compile(
    r"\b(?P<kw>until|unless)\s+(?!further notice)(?P<cond>(?:there is|there's|congress|a |the |we |lawmakers|"
    r"federal|legislat|strong|national|it |they |voters|council|parliament)[^.;:!?\"\u201d]*)", re.IGNORECASE)


# ', Microsoft said' after a quoted condition is attribution, not part of the condition.
ATTRIBUTION = re.compile(r",\s+(?:[\w.'\u2019]+\s+){0,5}?(?:said|says|told|wrote|added|stated)\b")


@dataclass(frozen=True)
class Duration:
    """A duration found in text.

    Attributes:
        text: As written ("one-year", "indefinitely").
        delta: The length, or None for open-ended durations.
    """

    text: str
    delta: relativedelta | None


def find_duration(text: str) -> Duration | None:
    """First duration in ``text``; open-ended words ("indefinitely") win over lengths."""
    open_ended = INDEFINITE.search(text)
    if open_ended:
        return Duration(open_ended.group(1), None)
    m = next((m for m in DURATION.finditer(text) if not OFFSET_AFTER.match(text, m.end())
              and not DEADLINE_BEFORE.search(text, max(0, m.start() - 12), m.start())), None)
    if not m:
        return None
    unit = next(m.group(g) for g in ("unit", "unit2", "unit3", "unit4", "unit5") if m.group(g)).lower()
    raw = (m.group("n") or m.group("a") or m.group("a2") or "1").lower()
    n = int(raw) if raw.isdigit() else NUMBERS.get(raw, 1)
    delta = relativedelta(**{unit + "s": n})
    return Duration(m.group(0), delta)


def add_duration(start: dt.date | None, duration: Duration | None) -> dt.date | None:
    """End date = start + duration, or None when either is unknown or open-ended."""
    if start is None or duration is None or duration.delta is None:
        return None
    return start + duration.delta


def find_condition(text: str) -> str | None:
    """The ``until ...`` / ``unless ...`` clause of a commitment, e.g. "until there is a
    national law ...", "unless the legislature renews it"."""
    m = CONDITION.search(text)
    if not m:
        return None
    condition = ATTRIBUTION.split(m.group("cond"))[0]
    return (m.group("kw").lower() + " " + condition).strip().rstrip(",")
