"""Canonical names for entities and demographic groups."""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process

from .loader import get_vocabulary, norm_key

_TRAILING_NOUNS = re.compile(r"\s+(faces|subjects|images|photos|individuals|people|users)$")
_GENERIC = {"faces", "subjects", "images", "photos", "individuals", "people", "users", "persons"}
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def canonicalize(name: str, label: str | None = None) -> str:
    """Return the canonical name for ``name`` as an entity of type ``label``.

    Exact alias lookup first, then a strict fuzzy match (rapidfuzz, score >= 92) among the
    aliases of the same label; unknown names come back cleaned (no leading article or
    trailing possessive). A product asked for as a VENDOR yields its vendor, so an actor
    written "Rekognition" canonicalises to "Amazon".

    Args:
        name: Surface form, e.g. ``"Amazon Web Services"``.
        label: Entity label or None.

    Returns:
        The canonical name, e.g. ``"Amazon"``.
    """
    vocab = get_vocabulary()
    entry = vocab.lookup(name, label)
    if entry is None and label:
        choices = {norm_key(k): v for k, v in vocab.aliases(label).items()}
        hit = process.extractOne(norm_key(name), list(choices), scorer=fuzz.ratio, score_cutoff=92)
        if hit:
            entry = vocab.lookup(choices[hit[0]], label)
    if entry is None:
        text = _LEADING.sub("", name.strip().replace("\u2019", "'"))
        return text.removesuffix("'s")
    if label == "VENDOR" and entry.label == "PRODUCT" and entry.vendor:
        return entry.vendor
    return entry.name


@functools.lru_cache(maxsize=4096)
def normalize_group(text: str) -> str | None:
    """Canonical demographic group: ``"darker-skinned females"`` -> ``"darker-skinned women"``;
    None for a bare head noun ("people", "faces") that names no group."""
    low = " ".join(text.lower().replace("\u2013", "-").split())
    low = _LEADING.sub("", low)
    for canonical, variants in get_vocabulary().groups.items():
        if low in variants:
            return canonical
    stripped = _TRAILING_NOUNS.sub("", low)
    if stripped in _GENERIC:
        return None
    for canonical, variants in get_vocabulary().groups.items():
        if stripped in variants:
            return canonical
    return stripped
