"""A governor's or mayor's act is the act of the place they govern: "Gov. Jay Inslee signed
the law", "New York Gov. Andrew Cuomo announced a moratorium", "the California governor
signed a bill", "Mayor Ted Wheeler said the city will ..."."""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..spans import ents_in, text_of
from ..vocab import get_vocabulary
from .context import DocContext

# A title before a name ("Gov. Jay Inslee", "Governor Pritzker", "Mayor Wu") or an office
# named by its place ("the California governor", "the state's governor", "the mayor").
TITLE = re.compile(r"\b(?:(?P<gov>Gov\.|Governor|governor)|(?P<mayor>Mayor|mayor))(?=\s|,)")
OFFICE_OF = re.compile(r"\bthe\s+(?:[A-Z][\w.'-]*\s+){0,3}$|\b(?:state|city|town)['\u2019]s\s+$|[A-Z][\w.-]*['\u2019]?s?\s+$")
KINDS = {"gov": ("state", "province", "territory"), "mayor": ("city", "town", "county")}


def official_place(sent: Span, char: int, ctx: DocContext) -> tuple[int, str] | None:
    """(where the title starts, the place) of the last governor or mayor named before ``char``
    in ``sent`` as a subject, or None."""
    text = text_of(sent.doc)
    vocab = get_vocabulary()
    found = None
    for m in TITLE.finditer(text, sent.start_char, char):
        found = m
    if found is None:
        return None
    office = "gov" if found.group("gov") else "mayor"
    ents = ents_in(sent)
    person = next((x for x in ents if x.label_ == "PERSON" and 0 <= x.start_char - found.end() <= 1), None)
    before = text[max(sent.start_char, found.start() - 40):found.start()]
    if person is None and not (found.group(0)[0].islower() and OFFICE_OF.search(before)):
        return None  # "Governors Ball", "a governor's race": no official acting
    if person is None and found.group(0)[0].isupper() and not text[found.end():found.end() + 3].strip():
        return None
    # the place named right before the title: "New York Gov.", "the California governor"
    place = next((x for x in reversed(ents) if x.label_ == "JURISDICTION"
                  and 0 <= found.start() - x.end_char <= 3), None)
    if place is not None:
        entry = vocab.lookup(place.kb_id_ or place.text, "JURISDICTION")
        name = entry.name if entry is not None else place.text
        if entry is not None and office == "gov" and entry.kind == "city":
            state = vocab.lookup(f"{place.text} State", "JURISDICTION")  # "New York Gov." is the state's
            name = state.name if state is not None and state.kind in KINDS[office] else name
        return found.start(), name
    if person is not None:
        entry = vocab.lookup(person.kb_id_ or person.text, "PERSON")
        if entry is not None and entry.parent:
            return found.start(), entry.parent
    for name in ctx.places:  # the state (city) the document is about
        entry = vocab.lookup(name, "JURISDICTION")
        if entry is not None and entry.kind in KINDS[office]:
            return found.start(), entry.name
    return None
