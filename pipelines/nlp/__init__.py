"""frt NLP: spaCy pipeline extracting entities, commitments and findings.

Public API (stable; the KB and CLI call exactly this)::

    from pipelines.nlp import Extractor, EXTRACTOR_VERSION
    ex = Extractor()                 # FRT_SPACY_MODEL: auto | none | <package>
    r = ex.extract(text, document_date)
    for r in ex.extract_many(pairs, batch_size=32): ...

Vocabulary API for KB-side resolution: :func:`canonicalize`, :func:`get_vocabulary`.
"""

from .extractor import Extractor
from .version import EXTRACTOR_VERSION
from .vocab import Vocabulary, canonicalize, get_vocabulary, normalize_group

__all__ = [
    "EXTRACTOR_VERSION",
    "Extractor",
    "Vocabulary",
    "canonicalize",
    "get_vocabulary",
    "normalize_group",
]
