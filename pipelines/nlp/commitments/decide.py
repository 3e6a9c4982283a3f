"""Apply the trained decider's verdict (``doc._.frt_decisions``) to one sentence's rule output.

``combined``: rule output the model finds very unlikely is dropped; a sentence the model
finds very likely to state a commitment but the rules missed gets a fallback commitment
(its class from the model, its arguments from the rules' helpers). ``model``: the model
decides whether the sentence states a commitment and of which kind; rules fill the rest.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..decider.component import THRESHOLDS
from ..decider.instances import ANY
from ..spans import ents_in
from .actor import actor_name, candidates_before
from .context import DocContext
from .extract import has_trigger
from .patterns import Rules
from .record import sentence_record

PRONOUN_SUBJECT = re.compile(r"\b(?:it|its|the\s+company|the\s+firm|they|we)\b", re.IGNORECASE)


def decide(items: list[dict], decision: dict | None, mode: str, sent: Span, ctx: DocContext,
           rules: Rules, scope_of) -> list[dict]:
    """The sentence's commitments after the model's verdict (``items`` are the rules')."""
    if mode == "rules" or not decision or not decision.get("actions"):
        return items
    probs = dict(decision["actions"])
    p_any = probs.pop(ANY, 0.0)
    top = max(probs.items(), key=lambda kv: kv[1])[0] if probs else None
    real = [c for c in items if "_reference" not in c]
    refs = [c for c in items if "_reference" in c]
    if mode == "model":
        if p_any < THRESHOLDS["decide"]:
            return refs
        if not real and top and not has_trigger(sent, rules):
            extra = fallback(sent, ctx, rules, top, scope_of)
            return refs + ([extra] if extra else [])
        for c in real:
            if top and probs.get(c["action"], 0.0) < THRESHOLDS["decide"] <= probs[top]:
                c["action"] = top
        return items
    if real and p_any < THRESHOLDS["drop"]:  # off by default (drop = 0): it cost recall in CV
        return refs
    # The model extends the rules to phrasings they do not know; where a trigger the rules
    # know was weighed and blocked (a call, a rejected proposal, a denial ...) it stays blocked.
    if not real and top and p_any >= THRESHOLDS["add"] and not has_trigger(sent, rules):
        extra = fallback(sent, ctx, rules, top, scope_of)
        return refs + ([extra] if extra else [])
    return items


def fallback(sent: Span, ctx: DocContext, rules: Rules, action: str, scope_of) -> dict | None:
    """A commitment of class ``action`` stated by ``sent``, with the rules' arguments:
    the first actor named as a subject, else a bill's jurisdiction, else the vendor "it"
    refers to; None without an actor."""
    named = [e for e in candidates_before(sent, sent.end_char, ctx.datelines) if e.label_ != "LAW"]
    actor = actor_name(named[0]) if named else None
    if actor is None and ctx.legislative:
        actor = ctx.hint_actor
    if actor is None and PRONOUN_SUBJECT.search(sent.text):
        actor = ctx.vendor_near(sent, sent.start_char)
    if actor is None:
        return None
    law = None
    if ctx.is_law(actor):
        law, actor = actor, ctx.enactor(sent.start_char, actor) or actor
    low = sent.text.lower().replace("\u2019", "'")
    products = [x.kb_id_ for x in ents_in(sent) if x.label_ == "PRODUCT"]
    product = products[0] if products else None
    return sentence_record(sent, ctx, actor, action, scope_of(low, 0, rules, product), product, law)
