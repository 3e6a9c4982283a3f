"""``frt_gate_v1``: mark candidate sentences with regexes, so costly parts run on few."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from ..config import check_config
from ..spans import text_of

KEYWORDS = Path(__file__).parent / "keywords.yaml"
DEFAULTS = {"keywords": str(KEYWORDS)}


@Language.factory("frt_gate_v1", default_config=DEFAULTS)
def make_gate(nlp: Language, name: str, keywords: str) -> CandidateGate:
    """Factory for :class:`CandidateGate`."""
    return CandidateGate(keywords=keywords)


class CandidateGate:
    """Sets ``doc._.frt_relevant`` and ``doc._.frt_candidates``.

    A sentence is a commitment candidate when the document mentions face recognition and
    the sentence has a trigger word (in a text long enough to be streamed in pieces, see
    chunking.py, face recognition must be named in the sentence's own paragraph or in the
    heading right before it: in a long report or bill a promise in a paragraph about
    something else is not about face recognition, and where the pieces happen to be cut
    must not decide); a finding candidate when it has a number with a unit
    (%, times) and a metric word (findings need no face-recognition keyword: audits often
    just say "the classifier").
    """

    def __init__(self, **config) -> None:
        cfg = check_config("frt_gate_v1", config, DEFAULTS)
        data = yaml.safe_load(Path(cfg["keywords"]).read_text(encoding="utf-8"))
        expected = {"relevant", "commitment", "finding", "metric"}
        if set(data) != expected:
            raise ValueError(f"{cfg['keywords']}: expected keys {sorted(expected)}, got {sorted(data)}")
        self.rx = {k: re.compile(v, re.IGNORECASE) for k, v in data.items()}

    def __call__(self, doc: Doc) -> Doc:
        if doc.user_data.get("frt_streamed"):
            ranges = self._local_ranges(doc)
            doc.user_data[RANGES] = ranges
            doc._.frt_relevant = bool(ranges)
        else:
            doc._.frt_relevant = bool(self.rx["relevant"].search(text_of(doc))) or any(
                e.label_ == "PRODUCT" for e in doc.ents)
        candidates: dict[int, set[str]] = {}
        relevant = doc._.frt_relevant
        if relevant or self.rx["finding"].search(text_of(doc)):
            for sent in doc.sents:
                text = sent.text
                kinds = set()
                if relevant and self.rx["commitment"].search(text) and relevant_at(doc, sent.start_char):
                    kinds.add("commitment")
                if self.rx["finding"].search(text) and self.rx["metric"].search(text):
                    kinds.add("finding")
                if kinds:
                    candidates[sent.start] = kinds
        doc._.frt_candidates = candidates
        return doc

    def _local_ranges(self, doc: Doc) -> list[tuple[int, int]]:
        """Character ranges of the paragraphs of ``doc`` (a piece of a long text) that name
        face recognition (or a face-recognition product), themselves or in the heading line
        right before them."""
        text = text_of(doc)
        products = [e.start_char for e in doc.ents if e.label_ == "PRODUCT"]
        paragraphs = _paragraphs(text)
        named = [bool(self.rx["relevant"].search(text, a, b)) or any(a <= p < b for p in products)
                 for a, b in paragraphs]
        out = []
        for i, (a, b) in enumerate(paragraphs):
            heading = i > 0 and named[i - 1] and _is_heading(text[paragraphs[i - 1][0]:paragraphs[i - 1][1]])
            if named[i] or heading:
                out.append((a, b))
        return out


RANGES = "frt_relevant_ranges"
BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text between blank lines."""
    out, pos = [], 0
    for m in BLANK_LINES.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out
HEADING_CHARS = 200


def _is_heading(paragraph: str) -> bool:
    """A short paragraph without terminal punctuation ("Facial recognition", "Sec. 3. Use of
    face surveillance"): it titles what follows."""
    line = paragraph.strip()
    return len(line) <= HEADING_CHARS and "\n" not in line and not line.endswith((".", "!", "?", ":", ";", ","))


def relevant_at(doc: Doc, char: int) -> bool:
    """Whether face recognition is in scope at character ``char`` of ``doc``: anywhere in a
    whole text that names it; in a piece of a streamed long text, only in the paragraphs the
    gate found (see :class:`CandidateGate`)."""
    ranges = doc.user_data.get(RANGES)
    if ranges is None:
        return bool(doc._.frt_relevant)
    return any(a <= char < b for a, b in ranges)
