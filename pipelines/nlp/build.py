"""Assemble the frt spaCy pipeline."""

from __future__ import annotations

from spacy.language import Language

from . import commitments, entities, findings, gate  # noqa: F401  (register the factories)
from .decider import component as _decider  # noqa: F401  (registers frt_decider_v1)
from .entities.patterns import context_patterns, vocab_patterns
from .extensions import register_extensions
from .model import load_model
from .vocab import get_vocabulary


def build_pipeline(model_name: str | None, decider: str | None = None) -> Language:
    """Build the pipeline: model NER (if any), vocabulary ruler, typer, gate, extractors.

    The model's tok2vec/tagger/parser stay loaded but disabled; ``frt_candidate_parser_v1``
    runs them on candidate sentences only.

    Args:
        model_name: An installed spaCy model package, or None for rules-only.
    """
    register_extensions()
    nlp = load_model(model_name)
    ruler = nlp.add_pipe("entity_ruler", name="frt_ruler",
                         config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(vocab_patterns(get_vocabulary()) + context_patterns())
    nlp.add_pipe("frt_entity_typer_v1")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("frt_paragraph_breaks_v1")
    nlp.add_pipe("frt_gate_v1")
    nlp.add_pipe("frt_decider_v1", config={"mode": decider})
    nlp.add_pipe("frt_candidate_parser_v1")
    nlp.add_pipe("frt_commitments_v1")
    nlp.add_pipe("frt_findings_v1")
    return nlp
