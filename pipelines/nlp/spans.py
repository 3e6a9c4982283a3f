"""Fast entity lookup inside a span.

``Span.ents`` scans every token of the Doc on each call, which makes per-sentence code
quadratic on long documents. The index is built once per Doc (entities are final once
``frt_entity_typer_v1`` has run) and kept in ``doc.user_data``.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Span

_KEY = "frt_entity_index"


def ents_in(span: Span) -> list[Span]:
    """Entities lying entirely inside ``span``, in order."""
    doc = span.doc
    index = doc.user_data.get(_KEY)
    if index is None:
        ents = list(doc.ents)
        index = ([e.start for e in ents], ents)
        doc.user_data[_KEY] = index
    starts, ents = index
    out = []
    for ent in ents[bisect_left(starts, span.start):]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            out.append(ent)
    return out


_TEXT = "frt_text"


def text_of(doc) -> str:
    """``doc.text``, built once per Doc. ``Doc.text`` joins every token on each access, so code
    that reads it per sentence, clause or entity pair is quadratic on long documents."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text
