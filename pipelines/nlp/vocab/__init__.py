"""Vocabulary API: known names, their aliases and canonical forms, product vendors.

The KB engineer can use :func:`get_vocabulary` for fuzzy resolution (rapidfuzz) on the
KB side; the pipeline uses the same object to build its entity ruler.
"""

from .canonical import canonicalize, normalize_group
from .loader import Vocabulary, VocabEntry, get_vocabulary, load_vocabulary

__all__ = [
    "Vocabulary",
    "VocabEntry",
    "canonicalize",
    "get_vocabulary",
    "load_vocabulary",
    "normalize_group",
]
