"""Actor from the dependency parse of a candidate sentence (model mode only)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..constants import ACTOR_LABELS
from ..spans import ents_in
from .actor import LAW_REF, PRONOUN, actor_name
from .context import DocContext

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


def _entity_at(sent: Span, i: int, skip=(), within: Span | None = None) -> Span | None:
    tok = sent.doc[sent.start + i]
    if within is not None and not within.start <= tok.i < within.end:
        return None
    for ent in ents_in(sent):
        if ent.start <= tok.i < ent.end and ent.label_ in ACTOR_LABELS and ent.start_char not in skip:
            return ent
    return None


def parsed_actor(parsed: Doc, sent: Span, s: int, ctx: DocContext, within: Span | None = None) -> str | None:
    """Walk up from the trigger token to the first clause with a subject.

    An entity subject (or a possessor: "Amazon's moratorium", "IBM's announcement that it
    would ...") is the actor; "it"/"the company" continues to the reporting verb ("Amazon
    said it will ..."); "the bill" gives the last law.
    With ``within`` (a clause of ``sent``) only entities inside that clause count.
    Returns None when the parse gives no answer, so the caller falls back to heuristics.
    """
    if not parsed.has_annotation("DEP") or len(parsed) != len(sent):
        return None
    tok = parsed.char_span(s, s + 1, alignment_mode="expand")
    if tok is None:
        return None
    node = tok.root
    pronoun_seen = False
    for _ in range(8):
        for child in node.children:
            if child.dep_ in SUBJECTS or (child.dep_ == "poss" and (node.i == tok.root.i or pronoun_seen)):
                for t in [child, *child.subtree]:
                    ent = _entity_at(sent, t.i, ctx.datelines, within)
                    if ent is not None:
                        return actor_name(ent)
                phrase = " ".join(t.text for t in child.subtree)
                if LAW_REF.search(phrase):
                    return ctx.law_before(sent.start_char + s)
                if PRONOUN.fullmatch(phrase.lower()) or PRONOUN.search(phrase):
                    pronoun_seen = True
        if node.head is node:
            break
        node = node.head
    return None  # no entity up the chain: the caller's heuristics resolve "it" / "the company"
