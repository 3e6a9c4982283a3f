"""Recaps of places' measures by likeness: "Brookline, Northampton and Somerville passed
similar bans", "Oregon and New Hampshire already have similar measures in place",
"following previous bans by Boston, San Francisco and Portland, Oregon", "following in the
footsteps of governments in San Francisco, Oakland and Somerville", "joining Boston, Brookline
and Cambridge".

Each listed place gets the measure the phrase names (bans, moratoria, restrictions) or, for a
general word (measures, policies, ordinances), the government measure the document stated
last; undated, quoted by its sentence. A sentence with no such phrase adds nothing."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..gate.registry import relevant_at
from ..spans import ents_in, text_of
from .actor import actor_name
from .extract import GOVERNMENT_ACTIONS, place_lists, quote_span

NOUN = (r"(?:bans?|prohibitions?|moratori(?:a|ums?)|restrictions?|measures?|ordinances?|laws?|policies|"
        r"legislation|rules|decisions?|rulings?|orders?|penalties|fines|sanctions|actions?)")
# the places come before the phrase ("X and Y passed similar bans")
AFTER_PLACES = re.compile(r"[\s,]*(?:(?:have|has|had|already|also|since|recently|previously|each|both)\s+){0,3}"
                          r"(?:passed|enacted|adopted|approved|introduced|put\s+in\s+place|implemented|have|has|had)\s+"
                          r"(?:already\s+)?(?:similar|comparable|the\s+same|their\s+own|such)\s+(?:kinds?\s+of\s+)?"
                          r"(?P<noun>" + NOUN + r")\b", re.IGNORECASE)
_PLACES = r"(?:cities|towns|municipalities|counties|states|communities|places|jurisdictions)"
# the places come after the phrase ("following previous bans by X and Y")
# "following previous bans by", "follows similar decisions in", "faced similar penalties in other
# countries, including"
BEFORE_PLACES = re.compile(r"\b(?:follow(?:s|ed|ing)?\s+(?:in\s+the\s+footsteps\s+of|the\s+(?:lead|example)\s+of)|"
                           r"(?:follow(?:s|ed|ing)?\s+(?:the\s+)?(?:previous|earlier|similar|other)|similar|comparable)\s+"
                           r"(?P<noun>" + NOUN + r")\s+(?:by|in|from)(?:\s+(?:other|several|many|a\s+number\s+of)\s+"
                           r"(?:[\w-]+\s+)?(?:countries|nations|" + _PLACES[3:-1] + r")\s*,?\s+(?:including|such\s+as|like))?|"
                           r"follow(?:ed|s)?\s+suit,?\s+(?:including|such\s+as|like|among\s+them)|"
                           # "joins Alton and Bexley", "joining Boston, Brookline and Cambridge — as
                           # well as other major cities around the country, including X and Y"
                           r"join(?:s|ed|ing)?(?:\s+(?:the\s+)?(?:ranks\s+of|likes\s+of))?|"
                           r"as\s+well\s+as\s+(?:other\s+)?(?:[\w-]+\s+){0,2}?" + _PLACES + r"(?:\s+[\w-]+){0,4}?,?\s+"
                           r"(?:including|such\s+as|like))"
                           r"\s+(?:(?:the\s+)?(?:governments?|cities|city\s+councils?|communities|municipalities|"
                           r"states?|towns?)\s+(?:of|in|like|such\s+as)\s+)?(?:the\s+)?$", re.IGNORECASE)
CUE = re.compile(r"\b(?:similar|comparable|the\s+same|their\s+own|such|follow(?:s|ed|ing)?|suit|join(?:s|ed|ing)?)\b", re.IGNORECASE)
ACTIONS = [(re.compile(r"^(?:bans?|prohibitions?)$", re.I), "ban"), (re.compile(r"^moratori", re.I), "moratorium"),
           (re.compile(r"^(?:restrictions?|orders?|penalties|fines|sanctions)$", re.I), "restriction")]
MAX_GAP = 40  # characters between the list and the phrase


def similar_measures(doc: Doc, found: list[dict]) -> list[dict]:
    """Commitments of the places a sentence says have "similar" measures (module docstring)."""
    text = text_of(doc)
    out: list[dict] = []
    for sent in doc.sents:
        if not CUE.search(sent.text) or not relevant_at(doc, sent.start_char):
            continue
        for noun, run in _places(sent, text):
            action = _action(noun, found, sent.start_char)
            if action is None:
                continue
            last = _last_measure(found, sent.start_char)
            a, b = quote_span(sent)
            for name in dict.fromkeys(actor_name(x) for x in run):
                out.append({"actor": name, "action": action, "scope": last["scope"] if last else None,
                            "product": None, "start": None, "start_precision": None, "end": None,
                            "duration": None, "condition": None, "law": None, "target": None,
                            "quote": text[a:b], "start_char": a, "end_char": b})
    return out


def _places(sent: Span, text: str) -> list[tuple[str, list[Span]]]:
    """(the measure's noun, the listed places) of each likeness phrase in ``sent``."""
    runs = place_lists(sent) + [[x] for x in ents_in(sent) if x.label_ == "JURISDICTION"]
    out: list[tuple[str, list[Span]]] = []
    taken: set[int] = set()
    for run in runs:  # lists first: "Brookline, Northampton and Somerville passed similar bans"
        if any(x.start_char in taken for x in run):
            continue
        after = AFTER_PLACES.match(text, run[-1].end_char, min(sent.end_char, run[-1].end_char + MAX_GAP + 60))
        window = text[max(sent.start_char, run[0].start_char - MAX_GAP - 80):run[0].start_char]
        before = None if after else BEFORE_PLACES.search(window)
        if after or before:
            out.append(((after or before).group("noun") or "", run))
            taken.update(x.start_char for x in run)
    return out


def _action(noun: str, found: list[dict], before: int) -> str | None:
    """The measure a noun names, else the government measure the document stated last."""
    for regex, action in ACTIONS:
        if regex.match(noun):
            return action
    last = _last_measure(found, before)
    return last["action"] if last else None


def _last_measure(found: list[dict], before: int) -> dict | None:
    earlier = [c for c in found if c.get("action") in GOVERNMENT_ACTIONS and c.get("start_char", 0) <= before]
    return earlier[-1] if earlier else next((c for c in found if c.get("action") in GOVERNMENT_ACTIONS), None)
