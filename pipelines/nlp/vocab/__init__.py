"""Vocabulary API: known names, their aliases and canonical forms, product vendors.

The KB engineer can use :func:`get_vocabulary` for fuzzy resolution (rapidfuzz) on the
KB side; the pipeline uses the same object to build its entity ruler.
"""

from .canonical import canonicalize, normalize_group
from .loader import VocabEntry, Vocabulary, get_vocabulary, load_vocabulary

__all__ = [
    "VocabEntry",
    "Vocabulary",
    "canonicalize",
    "get_vocabulary",
    "load_vocabulary",
    "normalize_group",
]
