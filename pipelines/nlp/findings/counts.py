"""Counted errors and "1 in N" rates: "wrongly flagged 26 California lawmakers as criminals",
"28 members of Congress incorrectly identified", "one of 28 members of Congress that the program
falsely matched", "matched 1 in 5 lawmakers to mugshots", "misidentified 1-in-5 lawmakers", "a false
positive identification rate of 1 in 1000". The gate passes them by :data:`CUE`."""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..spans import ents_in
from ..vocab import canonicalize
from ..spans import text_of

WRONG = r"(?:falsely|wrongly|incorrectly|mistakenly|erroneously|inaccurately)"
MATCHED = r"(?:matched|identified|flagged|labell?ed|tagged|linked|recognized|recognised|classified)"
PEOPLE = (r"(?:members|lawmakers|legislators|politicians|athletes|people|persons|individuals|officials|"
          r"students|celebrities|players|passengers|customers|shoppers|faces|photos|images|men|women|"
          r"children|representatives|senators|mps|lords|peers|councillors|councilors|them|those)")
NUM = r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twenty)"
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "twenty": 20}
# "wrongly flagged 26 California lawmakers", "falsely matched 28 members of Congress"
ACTIVE = re.compile(rf"\b{WRONG}\s+{MATCHED}\s+(?:over\s+|more\s+than\s+|nearly\s+|almost\s+|about\s+|some\s+)?{NUM}\s+(?:[\w'-]+\s+){{0,3}}?{PEOPLE}\b", re.IGNORECASE)
# "28 members of Congress incorrectly identified", "26 lawmakers were falsely matched"
PASSIVE = re.compile(rf"\b{NUM}\s+(?:[\w'-]+\s+){{0,3}}?{PEOPLE}\s+(?:of\s+[\w.]+\s+)?(?:were\s+|was\s+|being\s+)?"
                     rf"{WRONG}\s+{MATCHED}\b", re.IGNORECASE)
# "one of 28 members of Congress that Amazon's program falsely matched with mugshots"
RELATIVE = re.compile(rf"\b(?:one\s+of\s+)?{NUM}\s+(?:[\w'-]+\s+){{0,3}}?{PEOPLE}\s+(?:of\s+[\w.]+\s+)?(?:that|who|whom|which)\s+"
                      rf"(?:[\w'\u2019-]+\s+){{1,6}}?{WRONG}\s+{MATCHED}\b", re.IGNORECASE)
# "58 of which were false positives", "six false positive identifications", "10 false alerts"
FALSE_NOUNS = (r"(?:(?:false|incorrect|wrong|erroneous)\s+(?:positive\s+)?(?:positives|identifications|matches|alerts|hits)|"
               r"misidentifications|mismatches)")
FALSE_COUNT = re.compile(rf"\b{NUM}\s+(?:(?:of\s+(?:which|them|those|these)\s+)?(?:were|was)\s+(?:\w+\s+)?)?{FALSE_NOUNS}\b",
                         re.IGNORECASE)
# "misidentified 1-in-5 lawmakers", "a false positive rate of 1 in 1000"
ONE_IN = re.compile(r"\b1\s*(?:-\s*in\s*-\s*|\s+in\s+|\s+out\s+of\s+)(\d[\d,]*)\b", re.IGNORECASE)
# matching people to mugshots / criminals (the ACLU's tests) is a false match
ERROR_NEAR = re.compile(r"misidentif|false|wrong|incorrect|mistak|error|misclassif|mis-?match|mug\s*shots?|criminals",
                        re.IGNORECASE)
CUE = re.compile(rf"{WRONG}\s+{MATCHED}|{MATCHED}\s+{WRONG}|{FALSE_NOUNS}|\b1\s*-?\s*in\s*-?\s*\d|\b1\s+out\s+of\s+\d", re.IGNORECASE)


def _number(text: str) -> float | None:
    text = text.lower().replace(",", "")
    if text in WORDS:
        return float(WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _system(sent: Span) -> tuple[str | None, str | None]:
    for e in ents_in(sent):
        if e.label_ == "PRODUCT":
            owner = (sent.doc.user_data.get("frt_product_owner") or {}).get(e.kb_id_)
            return e.kb_id_, owner or canonicalize(e.kb_id_, "VENDOR")
    return None, None


def count_findings(sent: Span, study: str | None, dataset: str | None) -> list[dict]:
    """Findings of counted false matches and "1 in N" error rates in ``sent``."""
    text = sent.text
    out = []
    system, vendor = _system(sent)

    def add(value: float, unit: str | None, metric: str) -> None:
        a = sent.start_char + len(text) - len(text.lstrip())
        b = sent.start_char + len(text.rstrip())
        out.append({"study": study, "system": system, "vendor": vendor, "metric": metric,
                    "value": round(value, 4), "unit": unit, "group": None, "comparison_group": None,
                    "comparison_value": None, "dataset": dataset, "quote": text_of(sent.doc)[a:b],
                    "start_char": a, "end_char": b})

    for rx in (ACTIVE, PASSIVE, RELATIVE, FALSE_COUNT):
        for m in rx.finditer(text):
            value = _number(m.group(1))
            if value is not None and value >= 2:
                add(value, None, "false_match_rate")
    for m in ONE_IN.finditer(text):
        n = _number(m.group(1))
        window = text[max(0, m.start() - 80):m.end() + 40]
        if n and n >= 2 and ERROR_NEAR.search(window):
            metric = "false_positive_rate" if re.search(r"false\s+positive", window, re.I) else (
                "false_match_rate" if re.search(r"match|misidentif", window, re.I) else "error_rate")
            add(100.0 / n, "%", metric)
    return out
