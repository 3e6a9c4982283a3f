"""Find date expressions and resolve them against the document date.

A regex pass handles the common forms (ISO, "June 10, 2020", "10 June 2020", weekdays,
"yesterday", "last year", "last June"); dateparser is only called for the rest, and only
for candidate sentences (it is slow).
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_left, insort
import re
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())} | {"sept": 9})
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.IGNORECASE)),
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})\s+" + _MON + r",?\s+(?P<y>\d{4})\b", re.IGNORECASE)),
    ("my", re.compile(r"\b(?:in\s+)?" + _MON + r"\s+(?P<y>\d{4})\b", re.IGNORECASE)),
    ("md", re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+\d{4})", re.IGNORECASE)),
    ("mon", re.compile(r"\b(?:(?P<q>early|mid|late)[-\s]+|(?P<in>in|during|since)\s+)" + _MON
                       + r"(?![\s-]+\d)(?!\w)", re.IGNORECASE)),
    ("weekday", re.compile(r"\b(?P<rel>last|next|this)?\s*(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)),
    ("rel", re.compile(r"\b(?P<word>today|yesterday|tomorrow|this week|last week|last month|this month|next month|last year|this year|next year)\b", re.IGNORECASE)),
    ("lastmon", re.compile(r"\b(?P<rel>last|next|this)\s+" + _MON + r"(?!\s+\d)", re.IGNORECASE)),
    ("ago", re.compile(r"\b(?P<n>a|an|one|two|three|four|five|six|seven|ten|\d{1,2})\s+"
                       r"(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE)),
    # must stay last: narrative_dates resolves it from the date mentioned before it
    ("later", re.compile(r"\b(?P<n>a|an|one|two|three|four|five|six|seven|ten|\d{1,2})\s+"
                         r"(?P<unit>day|week|month)s?\s+(?P<rel>later|after\s+that|afterwards|earlier|before\s+that)\b",
                         re.IGNORECASE)),
]
EXPLICIT_YEAR = {"iso", "mdy", "dmy", "my"}
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
# "for failing to comply with its October 2022 ruling": a date naming an earlier act of
# someone's dates that act, not the event the sentence states.
OWNED_BEFORE = re.compile(r"\b(?:its|their|his|her|[A-Za-z][\w-]*['\u2019]s?)\s+$")
NAMED_ACT_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:ruling|decision|order|judg(?:e)?ment|fine|ban|law|report|policy|"
                             r"announcement|statement|agreement|settlement|moratorium|pause|pledge|letter)\b",
                             re.IGNORECASE)
NOT_START = re.compile(r"(expire[sd]?|expiring|lapse[sd]?|lapsing|sunset(?:s|ted)?|until|through|ending|end|by|due|before|after|since)\s+(?:on\s+|in\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A resolved date expression: char offsets (relative to the searched text) and date."""

    start: int
    end: int
    text: str
    date: dt.date
    is_start_candidate: bool
    explicit_year: bool = False
    kind: str = ""


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower().rstrip(".")[:3]]


def _resolve(kind: str, m: re.Match, base: dt.date | None) -> dt.date | None:
    g = m.groupdict()
    if kind == "iso":
        return dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
    if kind in ("mdy", "dmy"):
        return dt.date(int(g["y"]), _month(g["mon"]), int(g["d"]))
    if kind == "my":
        return dt.date(int(g["y"]), _month(g["mon"]), 1)
    if kind == "later":
        return None  # relative to an earlier date: resolved by narrative_dates only
    if base is None:
        return None
    if kind == "md":
        return dt.date(base.year, _month(g["mon"]), int(g["d"]))
    if kind == "ago":  # "two days ago", "a year ago" (a month or year: its first day)
        n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
        unit = g["unit"].lower()
        if unit in ("day", "week"):
            return base - dt.timedelta(days=n * (7 if unit == "week" else 1))
        months = n * (12 if unit == "year" else 1)
        back = _add_months(base.replace(day=1), -months)
        return back.replace(month=1) if unit == "year" else back
    if kind == "weekday":
        back = (base.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        if (g.get("rel") or "").lower() == "next":
            return base + dt.timedelta(days=(7 - back) % 7 or 7)
        if (g.get("rel") or "").lower() == "last" and back == 0:
            back = 7
        return base - dt.timedelta(days=back)
    if kind == "mon":  # "in May", "mid-May": that month of the document's year, or the year before
        month = _month(g["mon"])
        day = {"mid": 15, "late": 25}.get((g.get("q") or "").lower(), 1)
        return dt.date(base.year - (month > base.month), month, day)
    if kind == "lastmon":
        month, rel = _month(g["mon"]), g["rel"].lower()
        year = base.year - (1 if rel == "last" and month >= base.month else 0) + (rel == "next" and month <= base.month)
        return dt.date(year, month, 1)
    return _relative_word(g["word"].lower(), base)


def _relative_word(word: str, base: dt.date) -> dt.date:
    table = {
        "today": base, "yesterday": base - dt.timedelta(days=1), "tomorrow": base + dt.timedelta(days=1),
        "this week": base, "last week": base - dt.timedelta(days=7),
        "this month": base.replace(day=1), "last month": (base.replace(day=1) - dt.timedelta(days=1)).replace(day=1),
        "next month": (base.replace(day=28) + dt.timedelta(days=4)).replace(day=1),
        "last year": dt.date(base.year - 1, 1, 1), "this year": dt.date(base.year, 1, 1),
        "next year": dt.date(base.year + 1, 1, 1),
    }
    return table[word]


def find_dates(text: str, base: dt.date | None) -> list[DateMention]:
    """All date expressions in ``text`` that resolve, without overlaps, in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []  # sorted, never overlapping
    for kind, regex in PATTERNS:
        for m in regex.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            try:
                date = _resolve(kind, m, base)
            except (ValueError, KeyError):
                date = None
            if date is None:
                continue
            insort(taken, (m.start(), m.end()))
            is_start = not NOT_START.search(text[max(0, m.start() - 25):m.start()]) and not (
                OWNED_BEFORE.search(text[max(0, m.start() - 30):m.start()])
                and NAMED_ACT_AFTER.match(text, m.end()))
            if kind == "md" and is_start and date > base:
                date = date.replace(year=date.year - 1)  # "On June 11" in a text dated June 10
            found.append(DateMention(m.start(), m.end(), m.group(0).strip(), date, is_start,
                                     kind in EXPLICIT_YEAR, kind))
    return sorted(found, key=lambda d: d.start)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``taken`` (sorted, non-overlapping intervals)."""
    i = bisect_left(taken, (start, end))
    return (i < len(taken) and taken[i][0] < end) or (i > 0 and taken[i - 1][1] > start)


def narrative_dates(text: str, base: dt.date | None) -> list[DateMention]:
    """Dates of a whole text read in order: a month-day without a year takes the year of
    the latest explicit year before it (the narrative year; the year before if that lands
    after ``base``), and "two days later" counts from the previous date."""
    out: list[DateMention] = []
    year = None
    for m in find_dates(text, base):
        date = m.date
        if m.explicit_year:
            year = date.year
        elif m.kind == "md" and year is not None:  # "in mid-May" keeps the document's year
            date = date.replace(year=year)
            if m.is_start_candidate and base is not None and date > base:
                date = date.replace(year=year - 1)
        m = DateMention(m.start, m.end, m.text, date, m.is_start_candidate, m.explicit_year, m.kind)
        out.append(m)
    # relative offsets ("two days later") count from the date mentioned before them
    for rm in PATTERNS[-1][1].finditer(text):
        prev = [x for x in out if x.end <= rm.start()]
        if not prev or any(x.start < rm.end() and rm.start() < x.end for x in out):
            continue
        g = rm.groupdict()
        n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
        unit = g["unit"].lower()
        delta = dt.timedelta(days=n) if unit == "day" else dt.timedelta(weeks=n) if unit == "week" else None
        anchor = max(prev, key=lambda x: x.end).date
        sign = -1 if g["rel"].lower().startswith(("earlier", "before")) else 1
        date = anchor + sign * delta if delta else _add_months(anchor, sign * n)
        out.append(DateMention(rm.start(), rm.end(), rm.group(0), date, True, False, "later"))
    return sorted(out, key=lambda d: d.start)


def _add_months(date: dt.date, n: int) -> dt.date:
    month = date.month - 1 + n  # n may be negative
    return date.replace(year=date.year + month // 12, month=month % 12 + 1, day=min(date.day, 28))


def pick_event_date(mentions: list[DateMention], base: dt.date | None) -> dt.date | None:
    """The date an announcement was made: the latest start-candidate not after ``base``."""
    dates = [m.date for m in mentions if m.is_start_candidate and (base is None or m.date <= base)]
    return max(dates) if dates else base


@functools.lru_cache(maxsize=2048)
def parse_with_dateparser(text: str, base: dt.date | None) -> dt.date | None:
    """Fallback for forms the regexes miss (slow; call only on candidate sentences)."""
    import dateparser  # imported lazily: loading it costs ~0.5 s

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year"]}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
