"""One commitment record for a whole sentence whose actor and class are already known (the
decider's fallback, listings): dates, condition and quote from the sentence."""

from __future__ import annotations

from spacy.tokens import Span

from ..dates import add_duration, find_condition, find_duration
from ..spans import text_of
from .context import DocContext
from .when import bare_years, precision_of, start_date, stated_in

TIME_BOUND = ("moratorium", "pause", "ban", "no_sale", "restriction", "extension")


def sentence_record(sent: Span, ctx: DocContext, actor: str, action: str, scope: str | None = None,
                    product: str | None = None, law: str | None = None, target: str | None = None) -> dict:
    """The record of ``action`` by ``actor`` stated by ``sent``, quoting the whole sentence."""
    text = sent.text
    duration = find_duration(text)
    if duration and action not in TIME_BOUND:
        duration = None
    start = start_date(sent, ctx, sent)
    end = add_duration(start, duration)
    a = sent.start_char + len(text) - len(text.lstrip())
    b = max(a, sent.start_char + len(text.rstrip()))
    return {
        "actor": actor, "action": action, "scope": scope, "product": product,
        "start": start.isoformat() if start else None, "start_precision": precision_of(start, sent, ctx),
        "end": end.isoformat() if end else None,
        "duration": duration.text if duration else None, "condition": find_condition(text),
        "law": law, "target": target,
        "quote": text_of(sent.doc)[a:b], "start_char": a, "end_char": b,
        "_stated": stated_in(sent, ctx),
        "_undated": not ctx.dates_in(sent) and not bare_years(sent),
    }
