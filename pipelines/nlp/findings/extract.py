"""Measures in a sentence -> findings (metric, system, main value + comparison)."""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..spans import ents_in
from ..vocab import canonicalize
from .measures import measures

# Between two values of one coordinated statement: "5.6% for teenagers and 4.1% for".
VALUE_AND = re.compile(r"^[^;:.()]{0,60}?(?:,\s*|,?\s+)and\s+(?:[\w-]+\s+){0,3}?$")
from .patterns import FindingRules
from ..spans import text_of


def metric_at(low: str, pos: int, rules: FindingRules) -> str | None:
    hits = [(m.end(), name) for name, rx in rules.metrics for m in rx.finditer(low[:pos])]
    if hits:
        return max(hits)[1]
    anywhere = [(m.start(), name) for name, rx in rules.metrics for m in [rx.search(low)] if m]
    return min(anywhere)[1] if anywhere else None


def _system(sent: Span, pos: int) -> tuple[str | None, str | None]:
    cands = [e for e in ents_in(sent) if e.label_ in ("PRODUCT", "VENDOR")]
    before = [e for e in cands if e.end_char - sent.start_char <= pos]
    ent = before[-1] if before else (cands[0] if cands else None)
    if ent is None:
        return None, None
    owner = (sent.doc.user_data.get("frt_product_owner") or {}).get(ent.kb_id_)
    return ent.kb_id_, owner or canonicalize(ent.kb_id_, "VENDOR")


def _listed_system(sent: Span, a: int, b: int) -> tuple[str | None, str | None]:
    """System named at chars ``a:b`` relative to the sentence start (negative: an earlier
    sentence): its entity, else the name as written."""
    doc, base = sent.doc, sent.start_char
    for e in doc.ents:
        if e.label_ in ("PRODUCT", "VENDOR") and e.start_char - base < b and a < e.end_char - base:
            owner = (doc.user_data.get("frt_product_owner") or {}).get(e.kb_id_)
            return e.kb_id_, owner or canonicalize(e.kb_id_, "VENDOR")
    name = text_of(doc)[base + a:base + b]
    return name, None


def extract_findings(sent: Span, rules: FindingRules, study: str | None, dataset: str | None,
                     prior: list[tuple[int, int]] | None = None, default_metric: str | None = None) -> list[dict]:
    """Findings stated in ``sent`` of ``study``; the dataset defaults to the document's first.
    ``prior``: doc char spans of systems listed in an earlier sentence ("respectively");
    ``default_metric``: the metric of a sentence that names none ("By comparison, it was ...")."""
    from ..commitments.extract import quote_span

    q_start, q_end = quote_span(sent)
    text = sent.text[q_start - sent.start_char:q_end - sent.start_char]
    low = text.lower()
    sent = sent.doc.char_span(q_start, q_end, alignment_mode="expand") or sent
    labels = {e.label_: e.kb_id_ for e in reversed(ents_in(sent))}
    findings: list[dict] = []
    batch: list[dict] = []  # findings made from the previous measure (coordinated groups)
    listed = False  # the previous measure was one of a "respectively" list of systems
    prev_end: int | None = None  # end of the previous measure's value
    rel_prior = [(a - q_start, b - q_start) for a, b in prior] if prior else None
    for m in measures(text, rules, rel_prior):
        if rules.claimed(low, m.start):  # "Orvia advertises 99.7% accuracy": no measurement
            batch = []
            continue
        if rules.setting(low, m.start, m.end):  # "98.3% TAR at 0.1% FAR": 0.1% is the operating point
            continue
        if m.comparison and batch:
            for last in batch:
                if last["comparison_group"] is None or last["comparison_value"] is None:
                    last["comparison_group"] = last["comparison_group"] or (m.groups[0] if m.groups else None)
                    if last["comparison_value"] is None:
                        last["comparison_value"] = m.value
            continue
        metric = metric_at(low, m.start, rules) or default_metric
        if m.value is None or metric is None or (not m.groups and not rules.metrics):
            continue
        if m.system is not None:  # one value per listed system: a later comparison covers all
            system, vendor = _listed_system(sent, *m.system)
            if not listed:
                batch = []
        else:
            system, vendor = _system(sent, m.start)
            # "5.6% for teenagers and 4.1% for people over 70, compared with 2.0% for ...":
            # values joined by "and"/"," share the comparison after them.
            if not (batch and prev_end is not None and VALUE_AND.match(low[prev_end:m.start])
                    and all(f["metric"] == metric and f["comparison_group"] is None for f in batch)):
                batch = []
        listed = m.system is not None
        prev_end = m.end
        new = []
        for group in m.groups or [None]:
            new.append({
                "study": study, "system": system, "vendor": vendor,
                "metric": metric, "value": m.value, "unit": m.unit, "group": group,
                "comparison_group": None, "comparison_value": None,
                "dataset": labels.get("DATASET", dataset),
                "quote": text, "start_char": sent.start_char, "end_char": sent.end_char,
            })
        batch.extend(new)
        findings.extend(new)
    return pair_uncued(findings)


def pair_uncued(findings: list[dict]) -> list[dict]:
    """Two values for different groups of one system/metric and no comparison cue: the
    worse one (higher error, lower accuracy) is the finding, the other its comparison."""
    if len(findings) == 2:
        a, b = findings
        if (a["system"], a["metric"]) == (b["system"], b["metric"]) and None not in (a["group"], b["group"]) \
                and a["group"] != b["group"] \
                and a["value"] != b["value"] and a["comparison_group"] is None and b["comparison_group"] is None:
            worse_is_lower = a["metric"] == "accuracy"
            if (b["value"] < a["value"]) == worse_is_lower:
                a, b = b, a
            a["comparison_group"], a["comparison_value"] = b["group"], b["value"]
            return [a]
    return findings
