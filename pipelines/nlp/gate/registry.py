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
    the sentence has a trigger word; a finding candidate when it has a number with a unit
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
        doc._.frt_relevant = bool(self.rx["relevant"].search(text_of(doc))) or any(
            e.label_ == "PRODUCT" for e in doc.ents)
        candidates: dict[int, set[str]] = {}
        relevant = doc._.frt_relevant
        if relevant or self.rx["finding"].search(text_of(doc)):
            for sent in doc.sents:
                text = sent.text
                kinds = set()
                if relevant and self.rx["commitment"].search(text):
                    kinds.add("commitment")
                if self.rx["finding"].search(text) and self.rx["metric"].search(text):
                    kinds.add("finding")
                if kinds:
                    candidates[sent.start] = kinds
        doc._.frt_candidates = candidates
        return doc
