"""``frt_findings_v1``: findings in candidate sentences."""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..config import check_config
from ..spans import ents_in
from .counts import CUE as COUNT_CUE, count_findings
from .extract import extract_findings, pair_uncued
from .measures import introduced_systems, listed_entities
from .patterns import PATTERNS, load_finding_rules
from .study import StudyIndex, load_study_datasets, load_study_rules
from ..decider.component import THRESHOLDS
from ..spans import text_of

COMPARISON_OPENER = re.compile(r"\s*(?:by|in)\s+(?:comparison|contrast)\b", re.IGNORECASE)
DEFAULTS = {"patterns": str(PATTERNS), "require_group": False}
STUDY_RULES = load_study_rules()
STUDY_DATASETS = load_study_datasets()


def datasets_named_with_studies(doc: Doc) -> dict[str | None, str]:
    """The data set each study is named with (a DATASET in a sentence naming the study, or
    the study's own data set from studies.yaml): a finding gets a data set only when its
    sentence or its study names one, never one that belongs to another study of the text."""
    out: dict[str | None, str] = dict(STUDY_DATASETS)
    claimed = set()
    for sent in doc.sents:
        ents = ents_in(sent)
        sets = [e.kb_id_ for e in ents if e.label_ == "DATASET"]
        if sets:
            for e in ents:
                if e.label_ == "STUDY":
                    out.setdefault(e.kb_id_, sets[0])
                    claimed.add(sets[0])
    named = {e.kb_id_ for e in doc.ents if e.label_ == "STUDY"}
    claimed |= {STUDY_DATASETS[s] for s in named if s in STUDY_DATASETS}
    # findings of no named study (the text's own): its first data set no named study claims
    own = next((e.kb_id_ for e in doc.ents if e.label_ == "DATASET" and e.kb_id_ not in claimed), None)
    if own is not None:
        out.setdefault(None, own)
    return out


def _count_sentences(doc: Doc):
    return [s for s in doc.sents if COUNT_CUE.search(s.text)]


def measured(found: list[dict], decision: dict | None, mode: str) -> list[dict]:
    """Findings whose number the trained decider accepts as measured (``combined``: all but
    the very unlikely; ``model``: the likely). A value not written as a number with a unit
    ("two to five times") has no verdict and is kept."""
    if mode == "rules" or not decision or not decision.get("numbers"):
        return found
    floor = THRESHOLDS["decide"] if mode == "model" else THRESHOLDS["drop"]
    out = []
    for f in found:
        verdicts = [p for (a, b), p in decision["numbers"].items()
                    if f["value"] is not None and _value_at(a, b, f["value"], decision)]
        if not verdicts or max(verdicts) >= floor:
            out.append(f)
    return out


def _value_at(a: int, b: int, value: float, decision: dict) -> bool:
    return abs(decision.get("values", {}).get((a, b), float("nan")) - float(value)) < 0.01


@Language.factory("frt_findings_v1", default_config=DEFAULTS)
def make_findings(nlp: Language, name: str, patterns: str, require_group: bool):
    """Factory for :class:`FindingExtractor`."""
    return FindingExtractor(patterns=patterns, require_group=require_group)


class FindingExtractor:
    """Sets ``doc._.frt_findings`` (list of finding dicts, see the README contract).

    Config:
        patterns: Path of the finding patterns YAML.
        require_group: Drop findings without a demographic group.
    """

    def __init__(self, **config) -> None:
        cfg = check_config("frt_findings_v1", config, DEFAULTS)
        self.rules = load_finding_rules(Path(cfg["patterns"]))
        self.require_group = cfg["require_group"]

    @staticmethod
    def _counts(doc: Doc, found: list[dict]) -> list[dict]:
        """Counted false matches and "1 in N" rates, unless a finding of that sentence already
        has the value. Studies and data sets are looked up only when a sentence has a count."""
        sentences = _count_sentences(doc)
        if not sentences:
            return []
        studies = StudyIndex(doc, *STUDY_RULES)
        study_sets = datasets_named_with_studies(doc)
        out = []
        for sent in sentences:
            study = studies.study_for(sent)
            for f in count_findings(sent, study, study_sets.get(study)):
                if not any(g["value"] == f["value"] and g["start_char"] <= f["start_char"] < g["end_char"]
                           for g in found + out):
                    out.append(f)
        return out

    def __call__(self, doc: Doc) -> Doc:
        out: list[dict] = []
        candidates = doc._.frt_candidates or {}
        if any("finding" in k for k in candidates.values()):
            studies = StudyIndex(doc, *STUDY_RULES)
            study_sets = datasets_named_with_studies(doc)
            previous: list[dict] = []
            decisions = doc._.frt_decisions or {}
            mode = doc.user_data.get("frt_decider_mode", "rules")
            # Systems listed before a "respectively" sentence: after a system noun, else a
            # plain list of system names.
            intros = sorted(introduced_systems(text_of(doc)) + listed_entities(doc)) if "respectively" in text_of(doc) else []
            # ... but not a list of groups ("We compared Black, Asian and Latino women.")
            intros = [(end, spans) for end, spans in intros
                      if not any(self.rules.known_groups.fullmatch(text_of(doc)[a:b]) for a, b in spans)]
            for start, kinds in sorted(candidates.items()):
                if "finding" not in kinds:
                    previous = []
                    continue
                sent = doc[start].sent
                # Systems listed in one of the three sentences before ("We audited three systems: A, B and C.")
                near = [spans for end, spans in intros if sent.start_char - 600 <= end <= sent.start_char]
                # "... was 5.6% for teenagers. By comparison, it was 2.0% for adults ...": the
                # previous sentence's metric.
                default = previous[0]["metric"] if len(previous) == 1 and doc[start - 1].sent.start == \
                    previous[0]["_sent"] and COMPARISON_OPENER.match(sent.text) else None
                study = studies.study_for(sent)
                found = extract_findings(sent, self.rules, study, study_sets.get(study),
                                         near[-1] if near else None, default)
                found = measured(found, decisions.get(start), mode)
                if len(found) == 1 and len(previous) == 1 and previous[0]["comparison_group"] is None \
                        and found[0]["comparison_group"] is None and doc[start - 1].sent.start == previous[0]["_sent"]:
                    # "The maximum error rate for lighter males is 0.8%. Darker females ... 34.7%."
                    first = previous[0]
                    merged = pair_uncued([first, found[0]])
                    if len(merged) == 1:
                        main = merged[0]
                        main["start_char"], main["end_char"] = first["start_char"], found[0]["end_char"]
                        main["quote"] = text_of(doc)[main["start_char"]:main["end_char"]]
                        out[next(i for i, f in enumerate(out) if f is first)] = main
                        previous = []
                        continue
                for f in found:
                    f["_sent"] = start
                out.extend(found)
                previous = found
        if doc._.frt_relevant or any("finding" in k for k in candidates.values()):
            out.extend(self._counts(doc, out))
        for f in out:
            f.pop("_sent", None)
        if not doc._.frt_relevant:  # "35% of respondents made an error": no group, no FRT context
            out = [f for f in out if f["group"] or f["study"] or f["system"] or f["dataset"]]
        if self.require_group:
            out = [f for f in out if f["group"]]
        doc._.frt_findings = out
        return doc
