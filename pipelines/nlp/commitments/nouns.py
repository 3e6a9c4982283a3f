"""Commitments named by a noun: a vendor's possessive ("IBM's exit", "Amazon's police
moratorium two years earlier") recaps its commitment; "a reversal for Axon" is Axon's
reversal (patterns in nouns.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Span

from ..spans import ents_in, text_of
from .actor import actor_name
from .context import DocContext
from .record import sentence_record

DATA = Path(__file__).with_name("nouns.yaml")
POSSESSIVE = re.compile(r"^['\u2019]s\s+")
WORD = re.compile(r"[\w-]+\s+")


def _word_starts(text: str, at: int, words: int = 2) -> list[int]:
    """``at`` and the starts of up to ``words`` words after it."""
    out = [at]
    for _ in range(words):
        m = WORD.match(text, out[-1])
        if not m:
            break
        out.append(m.end())
    return out


@lru_cache(maxsize=1)
def _rules() -> tuple[dict, dict]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return ({action: re.compile(rx, re.IGNORECASE) for action, rx in data["owned"].items()},
            {action: re.compile(rx, re.IGNORECASE) for action, rx in data["for"].items()})


def noun_commitments(sent: Span, ctx: DocContext, found: list[dict]) -> list[dict]:
    """Records the sentence names by a noun, for vendors with no record from ``found`` (the
    sentence's own verb-stated commitments). Recaps carry ``_recap`` (see the registry)."""
    owned, changed = _rules()
    text = text_of(sent.doc)
    out = []
    have = {(c.get("actor"), c.get("action")) for c in found}
    stated = {c.get("actor") for c in found}  # "Amazon's moratorium ... was extended": the verb's claim
    for ent in ents_in(sent):
        if ent.label_ != "VENDOR":
            continue
        name = actor_name(ent)
        after = text[ent.end_char:min(sent.end_char, ent.end_char + 60)]
        lead = POSSESSIVE.match(after)
        if lead and name not in stated:
            for action, rx in owned.items():
                if any(rx.match(after, at) for at in _word_starts(after, lead.end())) and (name, action) not in have:
                    rec = sentence_record(sent, ctx, name, action)
                    if rec["_undated"]:  # an earlier commitment: not dated by the document
                        rec["start"] = rec["start_precision"] = rec["end"] = None
                    rec["_recap"] = None
                    out.append(rec)
                    have.add((name, action))
                    break
        before = text[max(sent.start_char, ent.start_char - 40):ent.start_char].lower()
        for action, rx in changed.items():
            if rx.search(before) and (name, action) not in have:
                out.append(sentence_record(sent, ctx, name, action))
                have.add((name, action))
    return out
