"""A fixture knowledge base for the report tests, built with the fake extractor.

Vendors: Amazon (a one-year moratorium on police use of Rekognition, then an indefinite
extension; audited by Actionable Auditing) and IBM (an exit, never audited). Measures: San
Francisco's ban (File No. 190110, in force) and California's body-camera moratorium (AB 1215,
expired 2023-01-01). Findings: Gender Shades (34.7% for darker-skinned females against 0.8%
for lighter-skinned males, in a paper whose title holds markup and template syntax),
Actionable Auditing (31.37% against 0%) and a result with no comparison value.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store
from kb.database import session_scope
from kb.extract import extract_all
from tests.kb.fake_extractor import FakeExtractor, commitment, entity

AS_OF = "2026-01-01"
HOSTILE_TITLE = "<script>alert(1)</script> Gender Shades {{ as_of }}"
NEWS = SourceDef(id="news", name="News", kind="vendor", spider="feed", start_urls=["http://127.0.0.1/feed"])
BILLS = SourceDef(id="bills", name="Bills", kind="legislature", spider="json_api",
                  api_base="http://127.0.0.1/bills")
PAPERS = SourceDef(id="papers", name="Papers", kind="research", spider="feed",
                   start_urls=["http://127.0.0.1/papers"])

MORATORIUM = "Amazon Web Services announced a one-year moratorium on police use of Rekognition."
EXTENSION = "Amazon extended its moratorium on police use of Rekognition indefinitely."
EXIT = "IBM has stopped offering general purpose facial recognition software."
SF = "Bans city departments from using face recognition."
CA = "Prohibits face recognition in police body cameras until January 1, 2023."
GS = "Darker-skinned females fare worst: error rates reach 34.7%, against 0.8% for lighter-skinned males."
AA = "Rekognition misclassified darker-skinned women 31.37% of the time and lighter-skinned men 0% of the time."
NOCMP = "Error rates for older people reached 12.5% in the verification benchmark."


def _finding(text, quote, study, value, group, comparison_group=None, comparison_value=None, system=None,
             dataset=None, metric="error_rate"):
    i = text.index(quote)
    return {"study": study, "system": system, "vendor": None, "metric": metric, "value": value, "unit": "%",
            "group": group, "comparison_group": comparison_group, "comparison_value": comparison_value,
            "dataset": dataset, "quote": quote, "start_char": i, "end_char": i + len(quote)}


def _measure(actor, action, text, scope, start, end, law):
    return {**commitment(actor, action, text, text, scope=scope, start=start, end=end), "law": law}


RESULTS = {
    "one-year": lambda t: {
        "entities": [entity(t, "Amazon Web Services", "VENDOR", "Amazon"), entity(t, "Rekognition", "PRODUCT")],
        "commitments": [commitment("Amazon", "moratorium", t, t, start="2020-06-10", end="2021-06-10",
                                   duration="one-year", product="Rekognition")]},
    "indefinitely": lambda t: {
        "entities": [entity(t, "Amazon", "VENDOR")],
        "commitments": [commitment("Amazon", "extension", t, t, start="2021-05-18", duration="indefinitely",
                                   product="Rekognition")]},
    "IBM has stopped": lambda t: {
        "entities": [entity(t, "IBM", "VENDOR")],
        "commitments": [commitment("IBM", "exit", t, t, scope=None, start="2020-06-08")]},
    "Bans city departments": lambda t: {
        "commitments": [_measure("San Francisco", "ban", t, "government", "2019-05-21", None, "File No. 190110")]},
    "body cameras": lambda t: {
        "commitments": [_measure("California", "moratorium", t, "law_enforcement", "2020-01-01", "2023-01-01",
                                 "AB 1215")]},
    "Darker-skinned females": lambda t: {"findings": [_finding(
        t, t, "Gender Shades", 34.7, "darker-skinned females", "lighter-skinned males", 0.8,
        dataset="Pilot Parliaments Benchmark")]},
    "misclassified": lambda t: {"findings": [_finding(
        t, t, "Actionable Auditing", 31.37, "darker-skinned women", "lighter-skinned men", 0.0,
        system="Rekognition", metric="misclassification")]},
    "older people": lambda t: {"findings": [_finding(t, t, "Ageing Study", 12.5, "older people", "adults")]},
}


def _doc(s, source, url, text, published, title=None, kind=None, metadata=None):
    store.store_document(s, DocumentItem(source_id=source, url=url, text=text, title=title, kind=kind,
                                         published=datetime(*published, tzinfo=timezone.utc),
                                         metadata=metadata or {}),
                         fetched_at=datetime(2025, 12, 1, 9, 30, tzinfo=timezone.utc))


def build(engine) -> None:
    with session_scope(engine) as s:
        for src in (NEWS, BILLS, PAPERS):
            store.upsert_source(s, src)
        _doc(s, "news", "http://127.0.0.1/amazon-moratorium", MORATORIUM, (2020, 6, 10), "Amazon moratorium")
        _doc(s, "news", "http://127.0.0.1/amazon-extension", EXTENSION, (2021, 5, 18), "Amazon extension")
        _doc(s, "news", "http://127.0.0.1/ibm-exit", EXIT, (2020, 6, 8), "IBM letter to Congress")
        _doc(s, "bills", "http://127.0.0.1/bills/190110", SF, (2019, 1, 29), "Stop Secret Surveillance",
             "bill", {"identifier": "File No. 190110", "latest_action": "FINALLY PASSED",
                      "latest_action_date": "2019-05-21", "jurisdiction": "San Francisco"})
        _doc(s, "bills", "http://127.0.0.1/bills/ab1215", CA, (2019, 2, 21), "Body Camera Accountability Act",
             "bill", {"identifier": "AB 1215", "jurisdiction": "California", "jurisdiction_level": "state",
                      "latest_action": "Approved by the Governor. Chaptered by Secretary of State.",
                      "latest_action_date": "2019-10-08"})
        _doc(s, "papers", "http://127.0.0.1/papers/gender-shades", GS, (2018, 2, 5), HOSTILE_TITLE, "paper")
        _doc(s, "papers", "http://127.0.0.1/papers/actionable-auditing", AA, (2019, 1, 24),
             "Actionable Auditing", "paper")
        _doc(s, "papers", "http://127.0.0.1/papers/ageing", NOCMP, (2022, 3, 1), "Ageing and verification",
             "paper")
    extract_all(engine, FakeExtractor(RESULTS))


def external_resources(html: str) -> list[str]:
    """What an HTML page would fetch from elsewhere: src/href of scripts, styles, images,
    frames and fonts (links to sources, <a href>, are not fetched), and CSS imports/urls."""
    tags = re.findall(r"<(?:script|link|img|iframe|object|embed|source|image|use)\b[^>]*?(?:src|href)=\"([^\"]*)\"",
                      html)
    css = re.findall(r"@import|url\(", html)
    return [t for t in tags if not t.startswith("data:")] + css
