"""A law's measure starts when it takes effect: "The ban ... was approved on Tuesday. It takes
effect on Jan. 1, 2021" dates the ban 2021-01-01, the date the text states it applies from
(the corpus rule: effective/application date if stated, else enactment)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..vocab import get_vocabulary
from .context import DocContext
from .when import stated_start

IMMEDIATE = re.compile(r"\b(?:effect(?:ive)?|force)\s+(?:immediately|at\s+once|upon\s+(?:signing|passage|signature))|"
                       r"\b(?:immediately|currently|already|now)\s+(?:effective|in\s+(?:effect|force))", re.IGNORECASE)
ORDINAL = re.compile(r"\b(?:second|third|other|latter)\s+(?:ordinance|bill|law|measure|part|provision)", re.IGNORECASE)
MEASURES = {"ban", "moratorium", "regulation", "restriction"}
NOT_LAWMAKERS = {"regulator", "court", "police", "federal_agency"}  # orders and policies: their own dates
REACH = 4  # sentences after the measure's own that may state when it takes effect


def _lawmaker(actor: str | None) -> bool:
    if not actor:
        return False
    entry = get_vocabulary().lookup(actor)
    if entry is None:
        return True  # an unknown place or body the extractor took as a government actor
    return entry.label in ("JURISDICTION", "LEGISLATURE") or (entry.label == "AGENCY" and entry.kind not in NOT_LAWMAKERS)


def _named(c: dict, text: str) -> bool:
    """The sentence names the measure's actor or law ("The Maine law takes effect ...")."""
    short = c["actor"].split(",")[0].replace(" State", "")
    return short in text or bool(c.get("law") and c["law"] in text)


def effective_starts(doc: Doc, ctx: DocContext, commitments: list[dict]) -> None:
    """Move the start of each law's measure to the effective date the text states for it: in
    the measure's own sentence or one of the next few, else the document's only one."""
    sents = [s for s in doc.sents if s.text.strip()]
    stated = []
    for i, sent in enumerate(sents):
        when = stated_start(sent.text, ctx.dates_in(sent), ctx.date)
        if when is not None:
            stated.append((i, sent.start_char, when))
    if not stated:
        return
    starts = [s.start_char for s in sents]
    mixed = any(IMMEDIATE.search(s.text) for s in sents)  # one part now, another later: no default
    only = {when for _, _, when in stated}
    for c in commitments:
        if c["action"] not in MEASURES or "start_char" not in c or not c.get("start") \
                or not _lawmaker(c.get("actor")):
            continue  # (an undated recap of another place's measure keeps no date)
        i = max(0, next((k for k, a in enumerate(starts) if a > c["start_char"]), len(starts)) - 1)
        if any(IMMEDIATE.search(x.text) for x in sents[i:i + REACH + 1]):
            continue  # "will go into effect immediately", "is currently in effect": the adoption date stands
        main = c["actor"] in (ctx.places[:1] + [ctx.hint_actor]) or _named(c, sents[i].text)
        near = [when for k, _, when in stated if i <= k <= i + REACH and (main or _named(c, sents[k].text))
                and (k == i or not ORDINAL.search(sents[k].text))]  # "The second ordinance ...": another one
        when = near[0] if near else (next(iter(only)) if len(only) == 1 and main and not mixed else None)
        if when is None or when.isoformat() < c["start"]:
            continue  # a measure takes effect after it is adopted, never before
        c["start"], c["start_precision"] = when.isoformat(), "day"
