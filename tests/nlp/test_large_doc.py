"""A long text streams through the extractor in pieces: the same facts as its paragraphs
extracted alone, with every span pointing at the right characters of the long text."""

from __future__ import annotations

import copy
import datetime as dt

from pipelines.nlp.chunking import MAX_CHARS, PIECE_CHARS, split_text
from pipelines.nlp.commitments.registry import dedupe
from pipelines.nlp.relations import unique_relations

DATE = dt.date(2020, 6, 11)
VENDORS = ["Amazon", "IBM", "Microsoft", "Clearview AI", "NEC", "Axon"]
CITIES = ["Boston", "Portland", "Oakland", "Minneapolis", "San Francisco"]
GROUPS = ["darker-skinned women", "Black women", "Asian faces", "elderly people"]


def paragraph(i: int) -> str:
    """A self-contained paragraph (every clause names its actor), varied by ``i``."""
    v, w, c, g = VENDORS[i % 6], VENDORS[(i + 2) % 6], CITIES[i % 5], GROUPS[i % 4]
    sentences = [
        f"{v} said on Wednesday it would put a {6 + i % 3 * 6}-month moratorium on police use of "
        "its face recognition software.",
        f"An audit found that the classifier misidentified {g} {1 + i % 37}.{i % 10}% of the time, "
        f"compared with 0.{1 + i % 9}% for lighter-skinned men.",
        f"{c}'s city council voted on Tuesday to ban city agencies from using facial recognition.",
        f"Shares of the retailer rose {i % 13 + 1}% after quarterly revenue beat expectations.",
        f"{w} will not sell facial recognition to police departments until Congress passes a federal law.",
    ]
    return " ".join(sentences[i % 2:] if i % 3 else sentences)


def long_text(chars: int = 300_000) -> tuple[str, list[tuple[int, str]]]:
    pieces, offset, i = [], 0, 0
    while offset < chars:
        p = paragraph(i)
        pieces.append((offset, p))
        offset += len(p) + 2
        i += 1
    return "\n\n".join(p for _, p in pieces), pieces


def _shifted(result: dict, offset: int) -> dict:
    out = copy.deepcopy(result)
    for e in out["entities"]:
        e["start"] += offset
        e["end"] += offset
    for key in ("commitments", "findings", "relations"):
        for item in out[key]:
            item["start_char"] += offset
            item["end_char"] += offset
    return out


def test_split_text_keeps_short_texts_whole_and_cuts_long_ones_at_paragraphs():
    text, _ = long_text(300_000)
    assert split_text(text[:MAX_CHARS]) == [(0, text[:MAX_CHARS])]
    pieces = split_text(text)
    assert len(pieces) > len(text) // PIECE_CHARS
    assert "".join(p for _, p in pieces) == text
    assert all(text[o:o + len(p)] == p and len(p) <= PIECE_CHARS for o, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])  # whole paragraphs


def test_long_text_gives_the_facts_of_its_paragraphs(any_ex):
    text, pieces = long_text(300_000)
    assert len(text) >= 300_000
    got = any_ex.extract(text, DATE)
    alone = [_shifted(r, offset) for (offset, _), r in
             zip(pieces, any_ex.extract_many([(p, DATE) for _, p in pieces]))]

    assert got["entities"] == [e for r in alone for e in r["entities"]]
    assert got["findings"] == [f for r in alone for f in r["findings"]]
    # Commitments are deduplicated over the whole document (one per actor and action
    # family, later mentions filling fields), inside a piece with the pipeline's own
    # flags: the same claims, each quoted from a sentence a paragraph alone quotes.
    claims = lambda cs: [(c["actor"], c["action"], c["scope"]) for c in cs]  # noqa: E731
    assert claims(got["commitments"]) == claims(dedupe([c for r in alone for c in r["commitments"]]))
    quoted = {(c["quote"], c["start_char"], c["end_char"]) for r in alone for c in r["commitments"]}
    assert all((c["quote"], c["start_char"], c["end_char"]) in quoted for c in got["commitments"])
    assert got["relations"] == unique_relations([x for r in alone for x in r["relations"]])
    assert got["entities"] and got["commitments"] and (got["findings"] or any_ex.model_name is None)

    for e in got["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
    for key in ("commitments", "findings", "relations"):
        for item in got[key]:
            assert text[item["start_char"]:item["end_char"]] == item["quote"], (key, item)


# In a streamed long text, face recognition must be named in a trigger sentence's own
# paragraph or in the heading right before it; in a whole (short) text anywhere.
NAMED = ("Lawmakers held a hearing on facial recognition and the police use of "
         "surveillance cameras on Tuesday.")
PROMISE = "Microsoft will not sell the software to police departments until Congress passes a federal law."
FILLER = "Shares of the retailer rose 4% after quarterly revenue beat expectations. " * 3


def _claims(result: dict) -> set[tuple]:
    return {(c["actor"], c["action"]) for c in result["commitments"]}


def _streamed(paragraphs: list[str]) -> str:
    body = "\n\n".join(paragraphs)
    pad = "\n\n".join([FILLER.strip()] * (MAX_CHARS // len(FILLER) + 2))
    text = pad + "\n\n" + body + "\n\n" + pad
    assert len(split_text(text)) > 1
    return text


def test_short_text_is_in_scope_wherever_it_names_face_recognition(any_ex):
    assert ("Microsoft", "no_sale") in _claims(any_ex.extract(NAMED + "\n\n" + FILLER + "\n\n" + PROMISE, DATE))


def test_streamed_text_needs_face_recognition_in_the_paragraph_or_its_heading(any_ex):
    # the promise's paragraph names no face recognition; the one before it does, but is not
    # a heading: out of scope in a long report
    far = any_ex.extract(_streamed([NAMED, PROMISE]), DATE)
    assert ("Microsoft", "no_sale") not in _claims(far)
    # a heading naming it right before the paragraph: in scope
    headed = any_ex.extract(_streamed(["Facial recognition", PROMISE]), DATE)
    assert ("Microsoft", "no_sale") in _claims(headed)
    # named in the paragraph itself: in scope
    inside = any_ex.extract(_streamed([PROMISE + " " + NAMED]), DATE)
    assert ("Microsoft", "no_sale") in _claims(inside)


def test_copies_of_sentences_match_as_doc(model_ex):
    from pipelines.nlp.spans import copies

    text, _ = long_text(6_000)
    doc = model_ex.nlp(text)
    sents = list(doc.sents)
    fast, slow = copies(doc, sents), [s.as_doc() for s in sents]
    assert len(fast) == len(sents) > 10
    for a, b in zip(fast, slow):
        assert a.text_with_ws == b.text_with_ws
        assert [(e.start, e.end, e.label_, e.kb_id_) for e in a.ents] == \
               [(e.start, e.end, e.label_, e.kb_id_) for e in b.ents]
        assert [t.tag_ for t in a] == [t.tag_ for t in b]
    words = copies(doc, sents[:3], entities=False)
    assert [d.text_with_ws for d in words] == [s.text_with_ws for s in sents[:3]]
    assert not any(d.ents for d in words)
