"""Load and validate the vocabulary files in ``vocab/data/*.yaml``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..constants import ENTITY_LABELS

DATA_DIR = Path(__file__).parent / "data"
ENTRY_KEYS = {"name", "aliases", "vendor", "former", "parent", "weak", "country", "kind"}
REGISTRY_DIR = DATA_DIR / "registry"


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
        parent: The canonical name of the parent organisation (AWS -> Amazon), if any.
        weak: Ambiguous short forms ("ROC", "Ring"): never matched on their own.
        kind: A finer type (city, state, country, police, regulator, ...), if known.
        country: The ISO country code of a country or a national body, if known.
    """

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    vendor: str | None = None
    parent: str | None = None
    weak: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None


@dataclass
class Vocabulary:
    """All entries plus lookup tables keyed by normalised alias."""

    entries: list[VocabEntry] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)
    # organisations that use face recognition but neither make nor regulate it (no entities):
    # surface form -> canonical name
    organisations: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_alias: dict[str, list[VocabEntry]] = {}
        for entry in self.entries:
            for surface in (entry.name, *entry.aliases):
                self.by_alias.setdefault(norm_key(surface), []).append(entry)
        # weak forms ("Madison", "ICO") are never matched in text on their own, but a name
        # already found ("Madison" typed a place by the model) resolves through them
        for entry in self.entries:
            for surface in entry.weak:
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
        if label == "PRODUCT" and not raw.get("vendor") and raw.get("kind") != "government_system":
            raise InvalidVocabulary(f"{path.name}: product {raw['name']!r} has no vendor")
        aliases = tuple(raw.get("aliases") or ()) + tuple(raw.get("former") or ())
        entries.append(VocabEntry(raw["name"], label, aliases, raw.get("vendor"), raw.get("parent"),
                                  tuple(raw.get("weak") or ()), raw.get("kind"), raw.get("country")))
    return entries


def _merge(entries: list[VocabEntry], extra: list[VocabEntry]) -> list[VocabEntry]:
    """Add the registry's entries to the curated ones: an entry naming a known entity of
    the same label adds its aliases to it (the curated name stays canonical); a surface
    form already taken by an entity of another label is left out."""
    out = list(entries)
    owner: dict[str, int] = {}
    for i, e in enumerate(out):
        for surface in (e.name, *e.aliases):
            owner.setdefault(norm_key(surface), i)
    for e in extra:
        hits = {owner[norm_key(x)] for x in (e.name, *e.aliases) if norm_key(x) in owner}
        # "Somerville, Massachusetts" (weak: Somerville) is the curated "Somerville"
        hits |= {owner[norm_key(x)] for x in e.weak if norm_key(x) in owner
                 and norm_key(out[owner[norm_key(x)]].name) == norm_key(x)}
        same = [i for i in sorted(hits) if out[i].label == e.label]
        if same:
            i = same[0]
            old = out[i]
            new_aliases = tuple(x for x in (e.name, *e.aliases) if norm_key(x) not in owner)
            out[i] = VocabEntry(old.name, old.label, old.aliases + new_aliases, old.vendor or e.vendor,
                                old.parent or e.parent, old.weak + e.weak, old.kind or e.kind,
                                old.country or e.country)
            for x in new_aliases:
                owner[norm_key(x)] = i
            continue
        surfaces = [x for x in (e.name, *e.aliases) if norm_key(x) not in owner]
        if norm_key(e.name) in owner:
            if not surfaces:
                continue
            e = VocabEntry(surfaces[0], e.label, tuple(surfaces[1:]), e.vendor, e.parent, e.weak, e.kind, e.country)
        else:
            e = VocabEntry(e.name, e.label, tuple(x for x in e.aliases if norm_key(x) not in owner),
                           e.vendor, e.parent, e.weak, e.kind, e.country)
        out.append(e)
        for x in (e.name, *e.aliases):
            owner.setdefault(norm_key(x), len(out) - 1)
    return out


ADJ_DPA = re.compile(r"^([A-Z][a-z]+) DPA$")


def _described(entries: list[VocabEntry], path: Path) -> list[VocabEntry]:
    """Add the descriptive aliases of ``descriptions.yaml`` ("Italy's privacy watchdog") to
    each national regulator that has an "<Adjective> DPA" alias."""
    if not path.exists():
        return entries
    templates = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("regulator") or []
    country_name = {e.country: e.name for e in entries if e.kind == "country" and e.country}
    taken = {norm_key(x) for e in entries for x in (e.name, *e.aliases, *e.weak)}
    out = []
    for e in entries:
        adj = next((m.group(1) for m in map(ADJ_DPA.match, e.aliases) if m), None)
        if e.label != "AGENCY" or e.kind != "regulator" or adj is None or e.country not in country_name:
            out.append(e)
            continue
        # "the Italian privacy watchdog" is one name; in "Italy's privacy watchdog" the
        # annotated name is the country (the actor rules look the description up: weak)
        named: list[str] = []
        described: list[str] = []
        country = country_name[e.country]
        for template in templates:
            forms = [template.format(adj=adj, country=country)]
            if country.endswith("s") and "{country}'s" in template:  # "Netherlands' DPA"
                forms.append(template.replace("{country}'s", "{country}'").format(adj=adj, country=country))
            for form in forms:
                if norm_key(form) not in taken and form not in named and form not in described:
                    (named if "{adj}" in template else described).append(form)
        out.append(VocabEntry(e.name, e.label, e.aliases + tuple(named), e.vendor, e.parent,
                              e.weak + tuple(described), e.kind, e.country))
    return out


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """Read every ``*.yaml`` entity file plus ``groups.yaml`` and validate them.

    Raises:
        InvalidVocabulary: on a bad label, missing name, unknown key or product without vendor.
    """
    entries: list[VocabEntry] = []
    for path in sorted(data_dir.glob("*.yaml")):
        if path.stem not in ("groups", "descriptions", "organisations"):
            entries.extend(_load_file(path))
    registry: list[VocabEntry] = []
    for path in sorted((data_dir / "registry").glob("*.yaml")):
        registry.extend(_load_file(path))
    entries = _merge(entries, registry)
    entries = _described(entries, data_dir / "descriptions.yaml")
    vendor_of = {norm_key(x): e.name for e in entries if e.label == "VENDOR" for x in (e.name, *e.aliases)}
    for i, e in enumerate(entries):
        if e.vendor and norm_key(e.vendor) not in vendor_of:
            raise InvalidVocabulary(f"product {e.name!r}: vendor {e.vendor!r} is not in vendors")
        if e.vendor and vendor_of[norm_key(e.vendor)] != e.vendor:  # a former or other name
            entries[i] = VocabEntry(e.name, e.label, e.aliases, vendor_of[norm_key(e.vendor)], e.parent,
                                    e.weak, e.kind, e.country)
    groups = yaml.safe_load((data_dir / "groups.yaml").read_text(encoding="utf-8")) or {}
    return Vocabulary(entries, {k: list(v) for k, v in groups.items()}, _organisations(data_dir / "organisations.yaml"))


def _organisations(path: Path) -> dict[str, str]:
    """Surface form -> canonical name of ``organisations.yaml`` (empty when the file is absent)."""
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for i, raw in enumerate((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("entries") or []):
        if not isinstance(raw, dict) or "name" not in raw or set(raw) - {"name", "aliases"}:
            raise InvalidVocabulary(f"{path.name} entry {i}: expected 'name' and optional 'aliases', got {raw!r}")
        for surface in (raw["name"], *(raw.get("aliases") or ())):
            out[str(surface)] = str(raw["name"])
    return out


@functools.lru_cache(maxsize=1)
def get_vocabulary() -> Vocabulary:
    """The packaged vocabulary, loaded once per process."""
    return load_vocabulary()
