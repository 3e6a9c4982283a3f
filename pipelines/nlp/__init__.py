"""frt NLP: spaCy pipeline extracting entities, commitments and findings.

Public API (stable; the KB and CLI call exactly this)::

    from pipelines.nlp import Extractor, EXTRACTOR_VERSION
    ex = Extractor()                 # FRT_SPACY_MODEL: auto | none | <package>
    r = ex.extract(text, document_date)
    for r in ex.extract_many(pairs, batch_size=32): ...

Vocabulary API for KB-side resolution: :func:`canonicalize`, :func:`get_vocabulary`.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .version import EXTRACTOR_VERSION

if TYPE_CHECKING:
    from .extractor import Extractor
    from .vocab import Vocabulary, canonicalize, get_vocabulary, normalize_group

_LAZY = {"Extractor": ".extractor", "Vocabulary": ".vocab", "canonicalize": ".vocab",
         "get_vocabulary": ".vocab", "normalize_group": ".vocab"}


def __getattr__(name: str) -> Any:
    """Import spaCy only when the extractor is asked for: the version alone (what a watch
    checks to know whether anything needs re-extraction) must not cost a second."""
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "EXTRACTOR_VERSION",
    "Extractor",
    "Vocabulary",
    "canonicalize",
    "get_vocabulary",
    "normalize_group",
]
