"""Which study a finding belongs to: the nearest preceding study mention."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span
from ..spans import text_of

STUDIES = Path(__file__).parent / "studies.yaml"


def load_study_rules(path: Path = STUDIES) -> tuple[dict[str, str], re.Pattern]:
    """``(agency -> study, intro regex)`` from ``studies.yaml``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not {"runners", "intro"} <= set(data) <= {"runners", "intro", "datasets"}:
        raise ValueError(f"{path}: expected keys ['datasets', 'intro', 'runners'], got {sorted(data)}")
    return dict(data["runners"]), re.compile(data["intro"], re.IGNORECASE)


def load_study_datasets(path: Path = STUDIES) -> dict[str, str]:
    """``study -> the data set it measured on`` from ``studies.yaml`` (``datasets``)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return dict(data.get("datasets") or {})


class StudyIndex:
    """Study mentions of one document: named studies, agencies that run a known study
    (NIST -> FRVT) and unnamed studies ("a follow-up audit" -> None)."""

    def __init__(self, doc: Doc, runners: dict[str, str], intro: re.Pattern) -> None:
        named = [(e.start_char, e.end_char, e.kb_id_) for e in doc.ents if e.label_ == "STUDY"]
        runs = [(e.start_char, e.end_char, runners[e.kb_id_]) for e in doc.ents
                if e.label_ == "AGENCY" and e.kb_id_ in runners]
        text = text_of(doc)
        intros = [(m.start(), m.end(), None) for m in intro.finditer(text)
                  if not any(a < m.end() + 40 and m.start() - 5 < b for a, b, _ in named)]
        self.mentions = sorted(named + runs + intros)
        self.first = named[0][2] if named else None
        # A study named in the first line (the title) is the document's own study.
        first_line = text.find("\n")  # -1 (no title line): no title study
        self.title = next((name for a, _, name in named + runs if a < first_line), None)

    def study_for(self, sent: Span) -> str | None:
        """Same sentence (named study, then agency, then unnamed) first; then the study the
        title names; then the nearest mention before it in the paragraph; then the
        document's first named study."""
        a, b = sent.start_char, sent.end_char
        inside = [m for m in self.mentions if a <= m[0] < b]
        named = [m for m in inside if m[2] is not None]
        if named or inside:
            return (named or inside)[0][2]
        if self.title:
            return self.title
        para = paragraph_start(sent)
        before = [m for m in self.mentions if para <= m[0] < a]
        return before[-1][2] if before else self.first


def paragraph_start(sent: Span) -> int:
    """Char where the paragraph of ``sent`` starts: after the last line break that starts
    a sentence (soft-wrapped lines do not)."""
    doc = sent.doc
    s = sent
    for _ in range(50):
        if s.start == 0:
            return 0
        prev = doc[s.start - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            return s.start_char
        s = doc[s.start - 1].sent
    return s.start_char
