"""Load and validate the vocabulary files in ``vocab/data/*.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..constants import ENTITY_LABELS

DATA_DIR = Path(__file__).parent / "data"
ENTRY_KEYS = {"name", "aliases", "vendor"}


class InvalidVocabulary(ValueError):
    """Raised by :func:`load_vocabulary` when a vocabulary file is malformed."""


@dataclass(frozen=True)
class VocabEntry:
    """One known name.

    Attributes:
        name: Canonical name, e.g. ``"Amazon"``.
        label: Entity label, one of ``ENTITY_LABELS``.
        aliases: Other surface forms (``"AWS"``, ``"Amazon Web Services"``).
        vendor: For products, the canonical vendor name.
    """

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    vendor: str | None = None


@dataclass
class Vocabulary:
    """All entries plus lookup tables keyed by normalised alias."""

    entries: list[VocabEntry] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_alias: dict[str, list[VocabEntry]] = {}
        for entry in self.entries:
            for surface in (entry.name, *entry.aliases):
                self.by_alias.setdefault(norm_key(surface), []).append(entry)
        self.product_vendor = {e.name: e.vendor for e in self.entries if e.label == "PRODUCT"}

    def aliases(self, label: str | None = None) -> dict[str, str]:
        """Map every surface form to its canonical name, optionally for one label."""
        return {
            surface: e.name
            for e in self.entries
            if label is None or e.label == label
            for surface in (e.name, *e.aliases)
        }

    def lookup(self, name: str, label: str | None = None) -> VocabEntry | None:
        """Return the entry for ``name`` (preferring ``label``), or None."""
        found = self.by_alias.get(norm_key(name), [])
        for entry in found:
            if label is None or entry.label == label:
                return entry
        return found[0] if found else None


def norm_key(text: str) -> str:
    """Normalise a surface form for exact lookup (case, possessive, leading 'the')."""
    text = text.strip().replace("\u2019", "'")
    text = text.removesuffix("'s")
    low = " ".join(text.lower().split())
    return low.removeprefix("the ")


def _load_file(path: Path) -> list[VocabEntry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    label = data.get("label") if isinstance(data, dict) else None
    if label not in ENTITY_LABELS:
        raise InvalidVocabulary(f"{path.name}: label {label!r} is not one of {ENTITY_LABELS}")
    entries = []
    for i, raw in enumerate(data.get("entries") or []):
        if not isinstance(raw, dict) or "name" not in raw or set(raw) - ENTRY_KEYS:
            raise InvalidVocabulary(
                f"{path.name} entry {i}: expected keys {sorted(ENTRY_KEYS)} with 'name', got {raw!r}"
            )
        if label == "PRODUCT" and not raw.get("vendor"):
            raise InvalidVocabulary(f"{path.name}: product {raw['name']!r} has no vendor")
        entries.append(VocabEntry(raw["name"], label, tuple(raw.get("aliases") or ()), raw.get("vendor")))
    return entries


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """Read every ``*.yaml`` entity file plus ``groups.yaml`` and validate them.

    Raises:
        InvalidVocabulary: on a bad label, missing name, unknown key or product without vendor.
    """
    entries: list[VocabEntry] = []
    for path in sorted(data_dir.glob("*.yaml")):
        if path.stem != "groups":
            entries.extend(_load_file(path))
    vendors = {e.name for e in entries if e.label == "VENDOR"}
    for e in entries:
        if e.vendor and e.vendor not in vendors:
            raise InvalidVocabulary(f"product {e.name!r}: vendor {e.vendor!r} is not in vendors")
    groups = yaml.safe_load((data_dir / "groups.yaml").read_text(encoding="utf-8")) or {}
    return Vocabulary(entries, {k: list(v) for k, v in groups.items()})


@functools.lru_cache(maxsize=1)
def get_vocabulary() -> Vocabulary:
    """The packaged vocabulary, loaded once per process."""
    return load_vocabulary()
