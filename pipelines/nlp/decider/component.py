"""``frt_decider_v1``: the trained classifiers' verdicts on clauses and numbers.

Sets ``doc._.frt_decisions = {sent_start_token: {"actions": {label: p}, "numbers":
{(start_char, end_char): p}}}`` and widens or narrows the gate's candidates by the mode:

- ``rules``: the component does nothing (the rules decide alone);
- ``combined``: the rules decide; a sentence the model finds very likely to state a
  commitment becomes a candidate (rules then fill its arguments, or a fallback does), and
  rule output the model finds very unlikely is dropped (see commitments/registry.py);
- ``model``: the model decides; rules only fill the arguments.

The mode comes from ``FRT_DECIDER`` (rules | model | combined), else :data:`DEFAULT_MODE`.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import check_config
from ..gate.registry import relevant_at
from ..spans import ents_in
from .instances import ANY, clause_text, number_text, numbers

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).parent / "model"
MODES = ("rules", "model", "combined")
DEFAULT_MODE = "combined"
ENV_VAR = "FRT_DECIDER"
DEFAULTS = {"model_dir": str(MODEL_DIR), "mode": None}
# Probabilities: at least ADD makes a candidate (combined), below DROP removes rule output.
THRESHOLDS = {"add": 0.95, "drop": 0.0, "decide": 0.5}  # add: tuned by 5-fold CV on the dev corpus
# Tuning runs may override them: FRT_DECIDER_THRESHOLDS="add=0.9,drop=0.02"
for _item in filter(None, os.environ.get("FRT_DECIDER_THRESHOLDS", "").split(",")):
    _key, _, _value = _item.partition("=")
    if _key.strip() in THRESHOLDS:
        THRESHOLDS[_key.strip()] = float(_value)


ACTOR_LABELS = {"VENDOR", "AGENCY", "LEGISLATURE", "JURISDICTION", "PRODUCT"}
PRONOUN = re.compile(r"\b(?:it|they|we|the\s+(?:company|firm|city|council|agency|department|board))\b", re.IGNORECASE)


def may_act(sent) -> bool:
    """A sentence that names someone who could commit (or says "it"/"the company")."""
    return any(e.label_ in ACTOR_LABELS for e in ents_in(sent)) or bool(PRONOUN.search(sent.text))


def rule_cues(sent) -> tuple[str, ...]:
    """The commitment classes whose trigger words the rules find in ``sent`` (features)."""
    from ..commitments.extract import triggers
    from ..commitments.patterns import SCOPE, TRIGGERS, load_rules

    global _RULES
    if _RULES is None:
        _RULES = load_rules(TRIGGERS, SCOPE)
    low = sent.text.lower().replace("\u2019", "'")
    ents = [(x.start_char - sent.start_char, x.end_char - sent.start_char) for x in ents_in(sent)]
    return tuple(sorted({action for action, _, _ in triggers(low, ents, _RULES)}))


_RULES = None


def resolve_mode(mode: str | None = None) -> str:
    """The decider mode: the argument, else ``FRT_DECIDER``, else the default.

    Raises:
        ValueError: for an unknown mode.
    """
    value = (mode or os.environ.get(ENV_VAR) or DEFAULT_MODE).strip().lower()
    if value not in MODES:
        raise ValueError(f"{ENV_VAR}={value!r}: expected one of {', '.join(MODES)}")
    return value


@Language.factory("frt_decider_v1", default_config=DEFAULTS)
def make_decider(nlp: Language, name: str, model_dir: str, mode: str | None):
    """Factory for :class:`Decider`."""
    return Decider(model_dir=model_dir, mode=mode)


class Decider:
    """Runs the clause and number classifiers shipped in ``model_dir`` (see ``make train``)."""

    def __init__(self, **config) -> None:
        cfg = check_config("frt_decider_v1", config, DEFAULTS)
        self.mode = resolve_mode(cfg["mode"])
        self._models: dict[str, Language] = {}
        self.root = root = Path(os.environ.get("FRT_DECIDER_MODEL") or cfg["model_dir"])
        if self.mode != "rules":
            if not ((root / "clauses" / "config.cfg").exists() and (root / "numbers" / "config.cfg").exists()):
                log.warning("frt: no trained decider in %s; the rules decide alone", root)
                self.mode = "rules"

    def _model(self, name: str) -> Language:
        """The clause or number classifier, loaded when first needed (the default mode never
        reads the number classifier). The English tokenizer rules come from the language
        defaults: the same as the saved ones, without reading 8,000 special cases again."""
        if name not in self._models:
            self._models[name] = spacy.load(self.root / name, exclude=["tokenizer"])
        return self._models[name]

    @property
    def clauses(self) -> Language:
        return self._model("clauses")

    @clauses.setter
    def clauses(self, model: Language) -> None:
        self._models["clauses"] = model

    @property
    def numbers(self) -> Language:
        return self._model("numbers")

    @numbers.setter
    def numbers(self, model: Language) -> None:
        self._models["numbers"] = model

    def __call__(self, doc: Doc) -> Doc:
        doc._.frt_decisions = {}
        doc.user_data["frt_decider_mode"] = self.mode
        if self.mode == "rules":
            return doc
        kind = (doc.user_data.get("frt_hints") or {}).get("kind")
        sents = list(doc.sents)
        decisions: dict[int, dict] = {}
        if doc._.frt_relevant:
            cued = [(s, rule_cues(s)) for s in sents if relevant_at(doc, s.start_char)]
            if self.mode == "combined" and THRESHOLDS["drop"] <= 0:  # it only adds where the rules know no trigger
                legislative = (doc.user_data.get("frt_hints") or {}).get("actor") is not None
                cued = [(s, c) for s, c in cued if not c and (legislative or may_act(s))]
            texts = [clause_text(s, kind, c) for s, c in cued]
            for (sent, _), scored in zip(cued, self.clauses.pipe(texts)):
                decisions[sent.start] = {"actions": dict(scored.cats), "numbers": {}, "values": {}}
        # numbers only matter where the model may veto a finding (model mode, or a drop threshold)
        check_numbers = self.mode == "model" or THRESHOLDS["drop"] > 0
        spans = [(sent, span) for sent in sents for span in numbers(sent)] if check_numbers else []
        if spans:
            texts = [number_text(sent, span[:2], kind) for sent, span in spans]
            for (sent, span), scored in zip(spans, self.numbers.pipe(texts)):
                entry = decisions.setdefault(sent.start, {"actions": {}, "numbers": {}, "values": {}})
                entry["numbers"][span[:2]] = scored.cats.get("finding", 0.0)
                entry["values"][span[:2]] = span[2]
        doc._.frt_decisions = decisions
        candidates = doc._.frt_candidates if doc._.frt_candidates is not None else {}
        for start, entry in decisions.items():
            p_commit = entry["actions"].get(ANY, 0.0)
            p_number = max(entry["numbers"].values(), default=0.0)
            kinds = candidates.get(start, set())
            if self.mode == "model":
                kinds = {k for k in kinds if k not in ("commitment", "finding")}
                if p_commit >= THRESHOLDS["decide"]:
                    kinds.add("commitment")
                if p_number >= THRESHOLDS["decide"]:
                    kinds.add("finding")
            else:
                if p_commit >= THRESHOLDS["add"]:
                    kinds = kinds | {"commitment"}
            if kinds:
                candidates[start] = kinds
            else:
                candidates.pop(start, None)
        doc._.frt_candidates = candidates
        return doc
