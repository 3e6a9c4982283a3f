"""Entity-ruler patterns: vocabulary aliases plus context patterns (JSONL) for unknown names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from spacy.language import Language

from ..vocab import Vocabulary

HERE = Path(__file__).parent
CONTEXT_PATTERNS = HERE / "context_patterns.jsonl"
CUES = HERE / "cues.yaml"
CONTEXT_ID = "__context__"  # ent_id of context-pattern matches (no canonical name yet)
# 1-4 capitalised words (digits and + & - allowed inside), for the cue regexes.
NAME = r"[A-Z][\w+&-]*(?:\s+(?:[A-Z][\w+&.-]*|of|and|for)){0,3}"


def _token_spec(token: str, multi: bool) -> dict:
    # Acronyms, symbols and single-word aliases match exactly; words of longer names
    # match case-insensitively ("Board of Supervisors" / "board of supervisors").
    if not multi or not token.isalpha() or token.isupper():
        return {"ORTH": token}
    return {"LOWER": token.lower()}


def vocab_patterns(nlp: Language, vocab: Vocabulary) -> list[dict]:
    """One token pattern per alias, labelled and with the canonical name as ``id``."""
    patterns = []
    for entry in vocab.entries:
        for surface in {entry.name, *entry.aliases}:
            tokens = [t.text for t in nlp.make_doc(surface)]
            multi = len(tokens) > 1
            patterns.append({
                "label": entry.label,
                "pattern": [_token_spec(t, multi) for t in tokens],
                "id": entry.name,
            })
    return patterns


def context_patterns(path: Path = CONTEXT_PATTERNS) -> list[dict]:
    """Token patterns typing unknown names by their form (``X Police Department``)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            record = json.loads(line)
            if set(record) != {"label", "pattern"}:
                raise ValueError(f"{path.name}:{n}: expected keys ['label', 'pattern'], got {sorted(record)}")
            out.append({**record, "id": CONTEXT_ID})
    return out


def load_cues(path: Path = CUES) -> list[tuple[str, re.Pattern]]:
    """Context cue regexes ``(label, compiled)`` from ``cues.yaml``."""
    cues = []
    for i, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if set(raw) != {"label", "regex"}:
            raise ValueError(f"{path.name} cue {i}: expected keys ['label', 'regex']")
        cues.append((raw["label"], re.compile(raw["regex"].replace("NAME", NAME))))
    return cues
