"""``frt_paragraph_breaks_v1``: line breaks end sentences (headlines, datelines, lists)."""

from __future__ import annotations

from spacy.language import Language
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from ..config import check_config

DEFAULTS = {"min_newlines": 1}


@Language.factory("frt_paragraph_breaks_v1", default_config=DEFAULTS)
def make_paragraph_breaks(nlp: Language, name: str, min_newlines: int):
    """Factory for :class:`ParagraphBreaks`."""
    return ParagraphBreaks(min_newlines=min_newlines)


class ParagraphBreaks:
    """Marks the token after a whitespace token with ``min_newlines`` line breaks as a
    sentence start. Runs before the sentencizer, which keeps these boundaries.

    Config:
        min_newlines: Line breaks needed (1: every line break; 2: blank lines only).
    """

    def __init__(self, **config) -> None:
        cfg = check_config("frt_paragraph_breaks_v1", config, DEFAULTS)
        self.min_newlines = int(cfg["min_newlines"])

    def __call__(self, doc: Doc) -> Doc:
        # Set all boundaries in one array write: assigning Token.is_sent_start one by one
        # re-checks the whole Doc each time (quadratic on long texts).
        starts = [i + 1 for i, t in enumerate(doc[:-1])
                  if t.is_space and t.text.count("\n") >= self.min_newlines]
        if starts:
            array = doc.to_array([SENT_START])
            array[starts] = 1
            doc.from_array([SENT_START], array)
        return doc
