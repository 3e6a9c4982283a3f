"""``frt_paragraph_breaks_v1``: line breaks end sentences; overlong sentences are cut."""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..config import check_config

DEFAULTS = {"min_newlines": 1, "max_tokens": 150}


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
        for i, token in enumerate(doc[:-1]):
            if token.is_space and token.text.count("\n") >= self.min_newlines:
                array[i + 1] = 1
        run = 0
        for i in range(len(doc)):
            run = 0 if array[i] == 1 else run + 1
            if run >= self.max_tokens:
                array[i] = 1
                run = 0
        doc.from_array([SENT_START], array)
        return doc
