"""Export-control and sanctions listings: "added Hikvision to the Entity List" is the
lister's ``restriction`` with each listed company as its target (patterns in listings.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Span

from ..spans import ents_in, text_of
from ..vocab import get_vocabulary
from .actor import PRONOUN, actor_name
from .context import DocContext

DATA = Path(__file__).with_name("listings.yaml")
SANCTIONS = re.compile(r"\bsanction(?:s|ed)\b", re.IGNORECASE)
NOT_LISTERS = {"police", "court"}  # a police bureau named in the list lists no one


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    on_list = rf"(?:{data['list']}|{data['generic_list']})"
    return {
        "list": re.compile(data["list"], flags),
        "generic": re.compile(data["generic_list"], flags),
        # the verb, a few words (what is put), "to/on", a few words (determiners, adjectives), the list
        "put": re.compile(rf"(?P<t>{data['put']})(?:\s+[^\s]+){{0,14}}?\s+(?:to|on|onto)\s+(?:[^\s]+\s+){{0,7}}?{on_list}",
                          flags),
        "sanction": re.compile(rf"(?P<t>{data['sanction']})", flags),
        "blocked": re.compile(data["blocked"], flags),
        "administration": re.compile(data["administration"], flags),
        "administration_country": data["administration_country"],
        "not_lister": re.compile(data["not_lister"], flags),
    }


def _trigger(low: str, doc_before: str) -> tuple[int, int] | None:
    """Where ``low`` (a lower-cased sentence) puts someone on a list: the trigger's span."""
    rules = _rules()
    known = rules["list"].search(doc_before) or SANCTIONS.search(doc_before)  # what "the list" is
    named = rules["list"].search(low) or (rules["generic"].search(low) and known)
    if not named:
        return None
    for rx in (rules["put"], rules["sanction"]):
        for m in rx.finditer(low):
            if rx is rules["put"] and not rules["list"].search(m.group(0)) and not known:
                continue  # "the list" of a document that names no export list
            if rules["blocked"].search(low, max(0, m.start() - 60), m.end()):
                continue
            return m.start("t"), m.end("t")
    return None


def _country(name: str, label: str) -> str | None:
    entry = get_vocabulary().lookup(name, label)
    return entry.country if entry is not None else None


def _lister(sent: Span, s: int, ctx: DocContext, listed: set[str]) -> str | None:
    """Who lists: a government body named before the trigger (not a listed one, not a
    police bureau), one named after "by", the administration, else the document's agency,
    else the first country named that is not the listed companies' own."""
    rules = _rules()
    vocab = get_vocabulary()
    low = sent.text.lower()
    base = sent.start_char
    foreign = {_country(t, "VENDOR") for t in listed} - {None}

    def lister(x: Span) -> bool:
        name = actor_name(x)
        if name in listed or x.start_char in ctx.datelines or rules["not_lister"].search(name):
            return False
        entry = vocab.lookup(name, x.label_)
        if x.label_ == "AGENCY":
            return entry is None or (entry.kind not in NOT_LISTERS and entry.country not in foreign)
        return x.label_ == "JURISDICTION" and entry is not None and entry.kind == "country" \
            and entry.country not in foreign

    ents = ents_in(sent)
    before = [x for x in ents if x.end_char - base <= s and lister(x)]
    if before:
        return actor_name(before[0])
    if rules["administration"].search(low, 0, s):
        return rules["administration_country"]
    after = [x for x in ents if x.start_char - base > s and lister(x) and x.label_ == "AGENCY"
             and re.search(r"\bby\s+(?:the\s+)?(?:[\w.]+\s+){0,2}$", low[max(0, s):x.start_char - base])]
    if after:
        return actor_name(after[0])
    earlier = [x for x in sent.doc.ents if x.end_char <= sent.start_char and x.label_ == "AGENCY" and lister(x)]
    # the agency of an earlier sentence that names the list or the sanctions, else the last one
    on_list = [x for x in earlier if rules["list"].search(x.sent.text) or rules["sanction"].search(x.sent.text)
               or re.search(r"\bsanctions?\b", x.sent.text, re.IGNORECASE)]
    if on_list or earlier:
        return actor_name((on_list or earlier)[-1])
    doc_text = text_of(sent.doc)
    if rules["administration"].search(doc_text, 0, sent.start_char):
        return rules["administration_country"]
    for x in sent.doc.ents:
        if x.start_char >= sent.end_char:
            break
        if x.label_ == "JURISDICTION" and lister(x):
            return actor_name(x)
    return None


def listings(sent: Span, ctx: DocContext) -> list[tuple[str, str]] | None:
    """(lister, listed company) pairs the sentence states, or None when it lists no one."""
    low = sent.text.lower().replace("\u2019", "'")
    doc_before = text_of(sent.doc)[:sent.start_char]
    found = _trigger(low, doc_before)
    if found is None:
        return None
    s, e = found
    base = sent.start_char
    listed = list(dict.fromkeys(actor_name(x) for x in ents_in(sent) if x.label_ == "VENDOR"
                                and not re.match(r"\s*(?:spokes|said|says|told|responded|denied)", sent.doc.text[x.end_char:x.end_char + 12])))
    if not listed and PRONOUN.match(low, e + 1 if e < len(low) else e):
        near = ctx.vendor_near(sent, base + s)
        listed = [near] if near else []
    if not listed:
        return None
    lister = _lister(sent, s, ctx, set(listed))
    if lister is None:
        return None
    return [(lister, t) for t in listed if t != lister]
