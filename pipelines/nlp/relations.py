"""Relations between the entities of a document: who works where in which role, which agency
uses or is supplied by which vendor, who wrote a study, which vendor makes a product.

Two sources, each relation with the sentence that gives it as its quote:

- what a sentence states, read by the patterns of ``relations.yaml`` over the text between
  two entities ("Amazon's chief executive Andy Jassy", "the Detroit Police Department uses
  Clearview AI", "Idemia signed a contract with the NYPD"); a sentence that negates, denies
  or only considers a use states nothing;
- what the registry of known actors records about an entity the text names: a product's
  vendor (``made_by``), a vendor's parent (``subsidiary_of``), a law's jurisdiction
  (``in_jurisdiction``); the quote is the sentence that names it.

Output items: ``{"type", "source", "source_label", "target", "target_label", "role", "quote",
"start_char", "end_char"}`` (``role`` only for ``works_for``, else None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span

from .constants import ENTITY_LABELS
from .vocab import get_vocabulary
from .spans import text_of

DATA = Path(__file__).with_name("relations.yaml")
MAX_GAP = 120  # characters between two related entities
CONTEXT = 80   # characters before the left entity that `before` and `block` look at
LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)(?:the\s+)?$", re.I)
BLOCKED_TYPES = {"uses", "supplies"}
REGISTRY = (("PRODUCT", "vendor", "made_by", "VENDOR"), ("VENDOR", "parent", "subsidiary_of", "VENDOR"),
            ("LAW", "parent", "in_jurisdiction", None))


@dataclass(frozen=True)
class Pattern:
    id: str
    type: str
    left: frozenset[str]
    right: frozenset[str]
    gap: re.Pattern
    source: str
    before: re.Pattern | None = None
    after: re.Pattern | None = None
    list: bool = False


@lru_cache(maxsize=1)
def load_patterns(path: Path = DATA) -> tuple[tuple[Pattern, ...], re.Pattern, dict[str, str]]:
    """The patterns, the blocking expression and the role names of ``relations.yaml``.

    Raises:
        ValueError: naming the pattern whose field is missing or wrong.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    macros = data["macros"]

    def compile_(text: str) -> re.Pattern:
        for name, value in macros.items():
            text = text.replace("{" + name + "}", f"(?:{value})")
        return re.compile(text, re.I)

    patterns = []
    for raw in data["patterns"]:
        missing = {"id", "type", "left", "right", "gap", "source"} - set(raw)
        if missing or raw["source"] not in ("left", "right"):
            raise ValueError(f"relations.yaml: pattern {raw.get('id', '?')!r} needs id, type, left, right, "
                             f"gap and source (left or right); missing {sorted(missing)}")
        unknown = (set(raw["left"]) | set(raw["right"])) - set(ENTITY_LABELS)
        if unknown:
            raise ValueError(f"relations.yaml: pattern {raw['id']!r} has unknown labels {sorted(unknown)}")
        patterns.append(Pattern(raw["id"], raw["type"], frozenset(raw["left"]), frozenset(raw["right"]),
                                compile_(raw["gap"]), raw["source"],
                                compile_(raw["before"]) if raw.get("before") else None,
                                compile_(raw["after"]) if raw.get("after") else None, bool(raw.get("list"))))
    return tuple(patterns), compile_(data["block"]), dict(data.get("role_names") or {})


def _name(ent: Span) -> str:
    return ent.kb_id_ or ent.text


def _quote(doc: Doc, first: Span, last: Span) -> tuple[int, int]:
    """The sentences from ``first`` to ``last``, without surrounding whitespace."""
    start, end = first.start_char, last.end_char
    if doc.has_annotation("SENT_START"):
        start, end = first.sent.start_char, last.sent.end_char
    quote = text_of(doc)[start:end]
    return start + len(quote) - len(quote.lstrip()), end - len(quote) + len(quote.rstrip())


def _relation(doc: Doc, type_: str, src: Span, dst: Span, role: str | None, span: tuple[int, int],
              names: tuple[str, str] | None = None, labels: tuple[str, str] | None = None) -> dict:
    start, end = span
    return {"type": type_, "source": names[0] if names else _name(src),
            "source_label": labels[0] if labels else src.label_,
            "target": names[1] if names else _name(dst), "target_label": labels[1] if labels else dst.label_,
            "role": role, "quote": text_of(doc)[start:end], "start_char": start, "end_char": end}


def _role(match: re.Match | None, role_names: dict[str, str]) -> str | None:
    if match is None or not match.groupdict().get("role"):
        return None
    role = " ".join(match.group("role").lower().split())
    return role_names.get(role, role)


def _match(doc: Doc, p: Pattern, block: re.Pattern, left: Span, right: Span) -> re.Match | None:
    """The match that states ``p`` between ``left`` and ``right`` (None when it does not)."""
    text = text_of(doc)
    if left.label_ not in p.left or right.label_ not in p.right:
        return None
    gap = p.gap.search(text[left.end_char:right.start_char])
    if gap is None:
        return None
    sent_start = left.sent.start_char if doc.has_annotation("SENT_START") else 0
    before_text = text[max(sent_start, left.start_char - CONTEXT):left.start_char]
    before = p.before.search(before_text) if p.before else None
    after = p.after.search(text[right.end_char:right.end_char + CONTEXT]) if p.after else None
    if (p.before and before is None) or (p.after and after is None):
        return None
    if p.type in BLOCKED_TYPES and (block.search(gap.group(0)) or block.search(before_text)):
        return None
    return next((m for m in (gap, before, after) if m is not None and m.groupdict().get("role")), gap)


def stated_relations(doc: Doc, ents: list[Span]) -> list[dict]:
    """Relations the patterns read between entities of one sentence."""
    patterns, block, role_names = load_patterns()
    out = []
    for i, left in enumerate(ents):
        for j in range(i + 1, len(ents)):
            right = ents[j]
            if right.start_char - left.end_char > MAX_GAP:
                break
            for p in patterns:
                match = _match(doc, p, block, left, right)
                if match is None:
                    continue
                listed = [right]
                while p.list and j + len(listed) < len(ents):
                    nxt = ents[j + len(listed)]
                    if nxt.label_ not in p.right or not LIST_SEP.match(text_of(doc)[listed[-1].end_char:nxt.start_char]):
                        break
                    listed.append(nxt)
                for other in listed:
                    src, dst = (left, other) if p.source == "left" else (other, left)
                    out.append(_relation(doc, p.type, src, dst, _role(match, role_names), _quote(doc, left, other)))
                break
    return out


def registry_relations(ents: list[Span], doc: Doc) -> list[dict]:
    """A named product's vendor, a vendor's parent, a law's jurisdiction, from the registry."""
    vocab, out = get_vocabulary(), []
    for ent in ents:
        for label, field, type_, target_label in REGISTRY:
            entry = vocab.lookup(_name(ent), label) if ent.label_ == label else None
            target = getattr(entry, field, None) if entry is not None and entry.label == label else None
            found = vocab.lookup(target, target_label) if target else None
            if found is None or (target_label and found.label != target_label):
                continue
            out.append(_relation(doc, type_, ent, ent, None, _quote(doc, ent, ent),
                                 names=(entry.name, found.name), labels=(label, found.label)))
    return out


def unique_relations(relations: list[dict]) -> list[dict]:
    """The first of each (type, source, target, role), none from an entity to itself."""
    seen, out = set(), []
    for rel in relations:
        key = (rel["type"], rel["source"], rel["target"], rel["role"])
        if key not in seen and rel["source"] != rel["target"]:
            seen.add(key)
            out.append(rel)
    return out


def find_relations(doc: Doc, ents: list[Span]) -> list[dict]:
    """Stated and registry relations among ``ents`` (the entities the extractor reports),
    offsets into ``text_of(doc)``."""
    ents = sorted(ents, key=lambda e: e.start_char)
    return unique_relations(stated_relations(doc, ents) + registry_relations(ents, doc))
