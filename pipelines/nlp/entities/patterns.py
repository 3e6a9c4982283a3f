"""Entity-ruler patterns: vocabulary aliases plus context patterns (JSONL) for unknown names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from ..vocab import Vocabulary

HERE = Path(__file__).parent
CONTEXT_PATTERNS = HERE / "context_patterns.jsonl"
CUES = HERE / "cues.yaml"
CONTEXT_ID = "__context__"  # ent_id of context-pattern matches (no canonical name yet)
# 1-4 capitalised words (digits and + & - allowed inside), for the cue regexes.
NAME = r"(?<![\w+&-])[A-Z][\w+&-]*(?:[^\S\n]+(?:[A-Z][\w+&.-]*|of|for)){0,3}"  # a name never spans lines
# 1-3 capitalised words of a place name, not a sentence opener, weekday or month
# ("On Monday Lakewood's council": the name is "Lakewood"), for the cue regexes.
PLACE = (r"(?<![\w.'\u2019-])(?!(?:On|In|At|By|For|From|Of|The|An?|Last|This|Next|Then|And|But|After|"
         r"Before|When|While|Since|Until|Today|Yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|"
         r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|"
         r"November|December)\b)[A-Z][\w-]*"
         r"(?:[^\S\n]+(?!(?:Police|Sheriff|Department|Council|Board|Commission|Legislature)\b)[A-Z][\w-]*){0,2}")


def vocab_patterns(vocab: Vocabulary) -> list[dict]:
    """One phrase pattern per alias, labelled, with the canonical name as ``id``.

    The ruler matches phrases on LOWER (fast PhraseMatcher); the typer then drops
    one-word matches whose case differs from every alias ("ice" is not ICE).
    """
    return [
        {"label": entry.label, "pattern": form, "id": entry.name}
        for entry in vocab.entries
        for surface in sorted({entry.name, *entry.aliases})
        if not _place_possessive(surface, entry)
        for form in _apostrophes(surface)
    ]


def _place_possessive(surface: str, entry) -> bool:
    """"China's Cyberspace Administration" when "Cyberspace Administration" is listed too: a
    lookup form; in a text the place and the body are two names."""
    head, _, rest = surface.partition("'s ")
    return bool(rest) and " " not in head.strip() and rest in {entry.name, *entry.aliases}


def _apostrophes(surface: str) -> list[str]:
    """The name as listed and, when it has an apostrophe, with the typographic one the press
    prints ("Washington County Sheriff’s Office")."""
    return [surface, surface.replace("'", "’")] if "'" in surface else [surface]


def case_ok(text: str, canonical: str, vocab: Vocabulary) -> bool:
    """A one-word vocabulary match must have the case of one of the entry's aliases."""
    if " " in text.strip():
        return not text.islower()  # "first amendment" in running text is no name
    entry = vocab.lookup(canonical)
    if entry is None or text in (entry.name, *entry.aliases):
        return True
    # an all-caps heading or bill text ("CONGRESS", "SENATE"): the name in capitals
    return len(text) >= 4 and text.isupper() and any(text == x.upper() for x in (entry.name, *entry.aliases))


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


# A listed name's separators ("Vistara, OptiFace and PersonaID").
LIST_SEP = re.compile(r",?\s+(?:and|&)\s+|,\s*")


def load_cues(path: Path = CUES) -> list[tuple[str, re.Pattern, bool]]:
    """Context cue regexes ``(label, compiled, split)`` from ``cues.yaml`` (``NAME``,
    ``PLACE`` stand for a capitalised name, a place name; with ``split: true`` the group
    "name" is a list of names, each typed on its own)."""
    cues = []
    for i, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if not {"label", "regex"} <= set(raw) <= {"label", "regex", "split"}:
            raise ValueError(f"{path.name} cue {i}: expected keys ['label', 'regex'] (and 'split')")
        cues.append((raw["label"], re.compile(raw["regex"].replace("NAME", NAME).replace("PLACE", PLACE)),
                     bool(raw.get("split"))))
    return cues


def split_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Char spans of the names in the list ``text[start:end]``."""
    out, pos = [], start
    for m in LIST_SEP.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        out.append((pos, end))
    return out
