"""Fast entity lookup inside a span.

``Span.ents`` scans every token of the Doc on each call, which makes per-sentence code
quadratic on long documents. The index is built once per Doc (entities are final once
``frt_entity_typer_v1`` has run) and kept in ``doc.user_data``.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.attrs import DEP, ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD
from spacy.tokens import Doc, Span

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


# Token attributes a copy carries: everything a Doc array holds except the parse (the source
# Doc is not parsed; the copies are parsed afterwards).
_COPY_ATTRS = tuple(a for a in Doc._get_array_attrs() if a not in (HEAD, DEP))
_IOB = _COPY_ATTRS.index(ENT_IOB)
_ENTITY_ATTRS = {ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID}
_WORD_ATTRS = tuple(a for a in _COPY_ATTRS if a not in _ENTITY_ATTRS)


def copies(doc: Doc, spans: list[Span], entities: bool = True) -> list[Doc]:
    """A new Doc for each of ``spans``, as ``span.as_doc()`` makes it (words, spaces, tags,
    entities, sentence starts; no user data), but with the Doc turned into an array once and
    without the span's mean vector: ``as_doc`` converts the whole Doc and averages token
    vectors on every call, which is most of the cost of parsing only candidate sentences, and
    quadratic when many sentences of a long text are copied. With ``entities=False`` the
    copies carry no entities (for taggers run while the entities are still being decided:
    the entity index of :func:`ents_in` must not be built before then)."""
    if not spans:
        return []
    if not entities:
        array = doc.to_array(list(_WORD_ATTRS))
        return [_words_copy(doc, span, array[span.start:span.end].copy(), _WORD_ATTRS) for span in spans]
    array = doc.to_array(list(_COPY_ATTRS))
    out = []
    for span in spans:
        rows = array[span.start:span.end].copy()
        if len(rows) and rows[0, _IOB] == 1:  # an entity running in from before the span
            rows[0, _IOB] = 3
        copy = _words_copy(doc, span, rows, _COPY_ATTRS)
        inside = {(e.start - span.start, e.end - span.start) for e in ents_in(span)}
        partial = [e for e in copy.ents if (e.start, e.end) not in inside]  # cut at either end
        if partial:
            copy.set_ents([], missing=partial, default="unmodified")
        out.append(copy)
    return out


def _words_copy(doc: Doc, span: Span, rows, attrs: tuple) -> Doc:
    copy = Doc(doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])
    copy.from_array(list(attrs), rows)
    return copy
