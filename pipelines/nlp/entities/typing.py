"""Type entities the vocabulary does not know, from their form and context."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..constants import ENTITY_LABELS

# Name endings that decide the type whatever the model said.
SUFFIX_RULES = [
    (re.compile(r"\b(Police|Sheriff'?s?)( Department| Office| Service| Force)?$|"
                r"\b(Agency|Administration|Bureau|Authority|Ministry|Department|Commission)$"), "AGENCY"),
    (re.compile(r"\b(Council|Legislature|Parliament|Assembly|Senate|Congress|Board of Supervisors)$"),
     "LEGISLATURE"),
    (re.compile(r"\b(Act|Ordinance|Directive|Regulation|Bill)$"), "LAW"),
    (re.compile(r"\b(Inc\.?|Corp\.?|Corporation|Ltd\.?|LLC|GmbH|plc|AG|Technologies|Labs)$"), "VENDOR"),
    (re.compile(r"\bet al\.?$"), "PERSON"),
]
# Model labels we keep without further evidence.
MODEL_MAP = {"PERSON": "PERSON", "GPE": "JURISDICTION", "LAW": "LAW"}
FRT_NEAR = re.compile(r"\b(face|facial|biometric|surveillance)\b", re.IGNORECASE)
VENDOR_VERBS = re.compile(
    r"^\W*(?:'s\s+)?(?:\w+\s+){0,2}(sells|sold|offers|offered|markets|makes|develops|licenses|"
    r"supplies|provides|announced|said|will|would|is|has)\b", re.IGNORECASE)
LEADING = re.compile(r"^(The|A|An|This|That)\s+")
# One-word model PERSONs that name no one: role words ("Supervisor"), camel-case product
# names ("PersonaID", not "McDonald"), a sentence-opening gerund ("Harvesting images ...").
ROLE_WORDS = {"Supervisor", "Commissioner", "Director", "Chairman", "Chairwoman", "Chair", "Minister",
              "Secretary", "President", "Officer", "Chief", "Regulator", "Inspector", "Auditor",
              "Ombudsman", "Attorney", "Controller", "Spokesperson", "Spokesman", "Spokeswoman"}
CAMEL = re.compile(r"^(?!Mc|Mac|O'|De|Di|La|Le|Van|Von)[A-Z][a-z]{2,}[A-Z][\w-]*$")
GERUND = re.compile(r"^[A-Z][a-z]{3,}ing$")
SPEECH_AFTER = {"said", "says", "told", "wrote", "added", "argued", "noted", "'s", "\u2019s", ","}


def not_a_name(ent: Span) -> bool:
    """A one-token model PERSON that is a role word, a camel-case name or an opening gerund."""
    if len(ent) != 1:
        return False
    text, doc = ent.text, ent.doc
    if text in ROLE_WORDS or CAMEL.match(text):
        return True
    if GERUND.match(text):
        prev = doc[ent.start - 1] if ent.start else None
        nxt = doc[ent.end] if ent.end < len(doc) else None
        opening = prev is None or prev.is_punct or "\n" in prev.text or "\n" in prev.whitespace_
        return opening and (nxt is None or (nxt.text not in SPEECH_AFTER and not nxt.is_title))
    return False


def type_by_form(text: str) -> str | None:
    """Label implied by the end of the name (``... Police Department`` -> AGENCY)."""
    for regex, label in SUFFIX_RULES:
        if regex.search(text):
            return label
    return None


def type_model_entity(ent: Span) -> str | None:
    """Map a statistical entity to an frt label, or None to drop it."""
    label = type_by_form(ent.text)
    if label:
        return label
    if ent.label_ == "PERSON" and not_a_name(ent):
        return None
    if ent.label_ in MODEL_MAP:
        return MODEL_MAP[ent.label_]
    if ent.label_ in ("ORG", "PRODUCT", "NORP", "FAC", "WORK_OF_ART"):
        doc = ent.doc  # windows, not Doc.text: that rebuilds the whole document string
        window = doc[max(0, ent.start - 40):min(len(doc), ent.end + 40)].text
        if not FRT_NEAR.search(window):
            return None
        after = doc[ent.end:min(len(doc), ent.end + 12)].text
        if ent.label_ == "ORG" and VENDOR_VERBS.search(after):
            return "VENDOR"
        if ent.label_ == "PRODUCT":
            return "PRODUCT"
    return None


LEADING_WORDS = {"the", "a", "an", "this", "that", "senator", "senators", "sen.", "rep.",
                 "representative", "congresswoman", "congressman", "mayor", "councilmember",
                 "dr.", "professor", "prof."}


def trim(doc: Doc, span: Span) -> Span:
    """Drop leading articles/titles and a trailing possessive from a span."""
    start, end = span.start, span.end
    while start < end - 1 and doc[start].lower_ in LEADING_WORDS:
        start += 1
    while end > start + 1 and doc[end - 1].text in ("'s", "'", "\u2019s", ",", "."):
        if doc[end - 1].text == "." and doc[end - 2].text.lower() in ("inc", "corp", "al"):
            break
        end -= 1
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


def valid_label(label: str) -> bool:
    """True if ``label`` is one of the frt entity labels."""
    return label in ENTITY_LABELS
