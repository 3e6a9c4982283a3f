"""When a commitment starts and ends: clause dates, narrative dates, bill dates."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left

from spacy.tokens import Span

from dateutil.relativedelta import relativedelta

from ..dates import find_duration, pick_event_date
from ..dates.resolve import parse_with_dateparser
from ..spans import text_of
from .clauses import OFFSET
from .context import DocContext

# A model DATE span that is a bare year ("2020", "in 2019", "early 2021").
YEAR_ONLY = re.compile(r"^(?:(?:in|since|during|early|late|mid|mid-|the\s+year)\s*)?((?:19|20)\d\d)$", re.IGNORECASE)
SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "ten": 10}
# A model DATE span is worth a dateparser call only if it names a point in time.
ANCHORED = re.compile(r"\b(\d{4}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|"
                      r"sat|sun|ago|yesterday|today|tomorrow|last|earlier)", re.IGNORECASE)


def start_date(sent: Span, ctx: DocContext, whole: Span | None = None):
    """Event date in the clause, else in the whole sentence (regexes, then dateparser on
    model DATE spans), else the dateline or document date."""
    mentions = ctx.dates_in(sent)
    if ctx.legislative:  # a bill: its effective/passage date, else none (not the filing date)
        starts = [m.date for m in mentions if m.is_start_candidate]
        return max(starts) if starts else ctx.enacted
    if not mentions and whole is not None and whole != sent:
        return offset_date(sent, start_date(whole, ctx))
    if not mentions:
        model_dates = sent.doc._.frt_model_dates or []  # in text order
        first = bisect_left(model_dates, (sent.start_char,))
        for a, b in model_dates[first:bisect_left(model_dates, (sent.end_char,))]:
            span_text = sent.text[a - sent.start_char:b - sent.start_char]
            if sent.start_char <= a < sent.end_char and ANCHORED.search(span_text) \
                    and not find_duration(span_text):
                year = YEAR_ONLY.match(span_text.strip())
                if year:  # "In 2020, the governor signed ...": the year, not the document's day in it
                    date = dt.date(int(year.group(1)), 1, 1)
                    if ctx.date is None or date <= ctx.date:
                        return date
                    continue
                date = parse_with_dateparser(span_text, ctx.date)
                if date and (ctx.date is None or date <= ctx.date):
                    return date
    stated = stated_start(sent.text, mentions, ctx.date)
    if stated is not None:
        return stated
    return pick_event_date(mentions, ctx.date) if mentions else ctx.fallback_date


# "for 18 months starting April 1, 2023", "takes effect January 1, 2020": the measure's own
# start, even when it lies after the announcement.
START_CUE = re.compile(r"\b(?:starting|beginning|commencing|effective|as\s+of|(?:takes?|took|taking)\s+effect|"
                       r"(?:go(?:es)?|went|going)\s+(?:into\s+effect|live)|(?:comes?|came|coming)\s+into\s+force|"
                       r"(?:enters?|entered|entering)\s+into\s+(?:force|application)|"
                       r"(?:appl(?:y|ies|ied)|(?:became|become|becomes|is|are|be)\s+(?:applicable|effective))|"
                       r"date\s+of\s+(?:application|entry\s+into\s+force|effect):?)"
                       r"\s+(?:on\s+|from\s+|in\s+|this\s+|next\s+|as\s+of\s+)?$", re.IGNORECASE)


def stated_start(text: str, mentions, base: dt.date | None = None):
    """The first date announced as the start ("starting April 1, 2023"), or None. A month and
    day the text says lies ahead ("will go into effect on Jan. 1") is the next one after ``base``."""
    for m in mentions:
        if m.kind in ("iso", "mdy", "dmy", "my", "md", "mon", "lastmon") and \
                START_CUE.search(text[max(0, m.start - 40):m.start]):
            if m.kind == "md" and base is not None and m.date < base and AHEAD.search(text):
                return m.date.replace(year=base.year + (1 if m.date.replace(year=base.year) < base else 0))
            return m.date
    return None


# The sentence speaks of the start as ahead ("will go into effect on Jan. 1", "Starting July 1,
# a ban will take effect"): its month and day are the next ones.
AHEAD = re.compile(r"\b(?:will|shall|(?:is|are)\s+(?:set|scheduled|due|expected)\s+to)\b", re.IGNORECASE)


def offset_date(clause: Span, main):
    """Date of a clause that opens with "two days after" / "a week before", from the date of
    the sentence it depends on; a bare "after"/"before"/"when" clause has none of its own."""
    m = OFFSET.match(clause.text)
    if m is None or main is None:
        return main
    if m.group("rel").lower() == "when":
        return main
    if m.group("n") is None:
        return None
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else SMALL.get(raw, 1)
    delta = relativedelta(**{m.group("unit").lower() + "s": n})
    return main - delta if m.group("rel").lower() == "after" else main + delta


UNTIL = re.compile(r"\b(?:until|through|expire[sd]?\s+(?:on\s+)?|lapse[sd]?\s+on|sunset(?:s|ted)?\s+(?:on\s+)?)\s*$",
                   re.IGNORECASE)


def end_from_until(sent: Span, ctx: DocContext):
    """End date stated as "until July 1, 2022" / "lapses on January 1, 2023", or None."""
    text = sent.text
    for m in ctx.dates_in(sent):
        if m.explicit_year and UNTIL.search(text[max(0, m.start - 25):m.start]):
            return m.date
    return None


MONTH_KINDS = {"my", "mon", "lastmon"}


def precision_of(start, sent: Span, ctx: DocContext, whole: Span | None = None) -> str | None:
    """How precisely the text gives ``start``: "day", "month" ("in May 2019", "last June") or
    "year" ("last year", "in 2019"); None without a start."""
    if start is None:
        return None
    spans = [sent] + ([whole] if whole is not None and whole is not sent else [])
    for span in spans:
        for m in ctx.dates_in(span):
            if m.date != start:
                continue
            text = m.text.lower()
            if m.kind in MONTH_KINDS or (m.kind == "rel" and "month" in text) or (m.kind == "ago" and "month" in text):
                return "month"
            if (m.kind == "rel" and "year" in text) or (m.kind == "ago" and "year" in text):
                return "year"
            return "day"
    if (start.month, start.day) == (1, 1) and start.year in bare_years(sent):  # "In 2020, ..."
        return "year"
    return "day"


def stated_in(span: Span, ctx: DocContext) -> bool:
    """``span`` says when its event happened: a start-candidate date or a bare year ("in 2021"),
    not only an expiry or someone else's date ("set to expire on ...", "its October 2022 ruling")."""
    return any(m.is_start_candidate for m in ctx.dates_in(span)) or bool(bare_years(span))


def bare_years(span: Span) -> list[int]:
    """The bare years the model found in ``span`` ("In 2021, the commissioners ...")."""
    text = text_of(span.doc)
    return [int(m.group(1)) for a, b in span.doc._.frt_model_dates or []
            if span.start_char <= a < span.end_char for m in [YEAR_ONLY.match(text[a:b].strip())] if m]
