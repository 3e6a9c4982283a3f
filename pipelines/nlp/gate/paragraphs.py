"""``frt_paragraph_breaks_v1``: line breaks end sentences; overlong sentences are cut."""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..config import check_config
from ..spans import text_of

DEFAULTS = {"min_newlines": 1, "max_tokens": 150}
TERMINAL = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
# In a hard-wrapped text (PDF, arXiv), a line at least this share of the wrap width that
# runs into a capitalised line is still a soft wrap ("... published by the US National\nInstitute").
WRAP_SHARE = 0.75
MIN_SOFT_WRAPS = 2
# A line ending in one of these runs on: headings do not end in "of" or "the".
RUNS_ON = re.compile(r"\b(?:of|the|a|an|and|or|to|in|for|with|by|on|at|from|as|that|than|is|are|was|were)$",
                     re.IGNORECASE)


@Language.factory("frt_paragraph_breaks_v1", default_config=DEFAULTS)
def make_paragraph_breaks(nlp: Language, name: str, min_newlines: int, max_tokens: int):
    """Factory for :class:`ParagraphBreaks`."""
    return ParagraphBreaks(min_newlines=min_newlines, max_tokens=max_tokens)


class ParagraphBreaks:
    """Runs after the sentencizer: a token after a whitespace token with ``min_newlines``
    line breaks starts a sentence (headlines, datelines, list items), and no sentence
    runs longer than ``max_tokens`` (unpunctuated dumps would make the per-sentence
    extractors quadratic).

    Config:
        min_newlines: Line breaks needed (1: every line break; 2: blank lines only).
        max_tokens: Longest sentence kept whole.
    """

    def __init__(self, **config) -> None:
        cfg = check_config("frt_paragraph_breaks_v1", config, DEFAULTS)
        self.min_newlines = int(cfg["min_newlines"])
        self.max_tokens = int(cfg["max_tokens"])

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # One array write: assigning Token.is_sent_start one by one re-checks the whole
        # Doc each time (quadratic on long texts).
        array = doc.to_array([SENT_START])
        array[0] = 1
        for i in line_breaks(doc, self.min_newlines):
            array[i + 1] = 1
        run = 0
        for i in range(len(doc)):
            run = 0 if array[i] == 1 else run + 1
            if run >= self.max_tokens:
                array[i] = 1
                run = 0
        doc.from_array([SENT_START], array)
        return doc


def line_breaks(doc: Doc, min_newlines: int) -> list[int]:
    """Indices of whitespace tokens after which a new sentence starts.

    Blank lines always break. With ``min_newlines == 1`` a single line break ends a
    sentence only after terminal punctuation or after a heading-like line (short, no
    terminal punctuation, next line capitalised); a line running on into a lowercase
    line or ending in "of"/"the"/... is a soft wrap, and so is, in a hard-wrapped text,
    a near-full-width line.
    """
    singles, out = [], []
    for i, token in enumerate(doc[:-1]):
        n = token.text.count("\n") if token.is_space else 0
        if n >= max(2, min_newlines):
            out.append(i)
        elif n and n >= min_newlines:
            singles.append(i)
    if not singles:
        return out
    text = text_of(doc)  # once per document
    lines = []
    for i in singles:
        nl = doc[i].idx + doc[i].text.index("\n")
        prev = text[text.rfind("\n", 0, nl) + 1:nl].strip()
        lines.append((i, prev, doc[i + 1].text[:1]))
    soft = [len(prev) for _, prev, nxt in lines
            if (nxt.islower() or RUNS_ON.search(prev)) and prev and not TERMINAL.search(prev)]
    width = max(soft) if len(soft) >= MIN_SOFT_WRAPS else None
    for i, prev, nxt in lines:
        if TERMINAL.search(prev) or not prev:
            out.append(i)
        elif nxt.islower() or RUNS_ON.search(prev) or width and len(prev) >= WRAP_SHARE * width:
            continue
        else:
            out.append(i)
    return sorted(out)
