"""Type entities the vocabulary does not know, from their form and context."""

from __future__ import annotations

import functools
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
# Organisations that are no vendors whatever they say: courts, NGOs, universities, bodies.
NOT_VENDOR = re.compile(r"\b(?:Union|Coalition|Foundation|Institute|University|College|Court|Council|Committee|"
                        r"Center|Centre|Project|Alliance|Campaign|Network|Association|Society|Fund|Board|"
                        r"Commission|Department|Office|Agency|Ministry|Police|Party|Liberties|Watch|Rights|"
                        r"Mic|Fight|Action|Justice|Media|News|Times|Post|Journal|Press|"
                        # a company's own policy or framework ("its Responsible AI Standard")
                        r"Standards?|Polic(?:y|ies)|Principles|Guidelines|Framework|Charter|Pledge|Initiative)\b")
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


# What follows a company's name and never a person's: "Rite Aid says it no longer uses ...",
# "Kmart's stores", "Bunnings, which operates ...".
COMPANY_AFTER = re.compile(r"^\s*(?:,\s*)?(?:(?:says|said|announced|stated|confirmed|told\s+\w+|added)\s+(?:on\s+\w+\s+)?"
                           r"(?:that\s+)?(?:it|its)\b|(?:'s|\u2019s)\s+(?:\w+\s+)?(?:stores|shops|customers|shoppers|"
                           r"outlets|pharmacies|restaurants|branches|locations|premises|app|platform|shares)\b|,\s+which\s+"
                           r"(?:operates|owns|runs|sells)\b)")


def company_person(ent: Span) -> bool:
    """A model PERSON that the text treats as a company ("Rite Aid says it ...")."""
    doc = ent.doc
    return bool(COMPANY_AFTER.match(doc[ent.end:min(len(doc), ent.end + 8)].text))


def type_by_form(text: str) -> str | None:
    """Label implied by the end of the name (``... Police Department`` -> AGENCY); a
    bare generic word ("Act", "Commission", "Technologies") names nothing."""
    if BILL_ID.match(text):
        return "LAW"
    if " " not in text.strip():
        return None
    for regex, label in SUFFIX_RULES:
        if regex.search(text):
            return label
    return None


# "H. R. 4695", "S. 4084", "H.R.1404": a bill number the model often calls a person.
BILL_ID = re.compile(r"^(?:H\.\s?R\.|S\.|H\.B\.|S\.B\.|A\.B\.)\s?\d+$")
CONTRACTION = re.compile(r"^(?:n?['\u2019]\w*|\w+n['\u2019]t)$", re.IGNORECASE)


CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


@functools.lru_cache(maxsize=1)
def group_words() -> frozenset[str]:
    """Every surface form of a demographic group in the vocabulary (groups.yaml)."""
    from ..vocab import get_vocabulary

    return frozenset(w for forms in get_vocabulary().groups.values() for w in forms)


def junk(ent: Span) -> bool:
    """A model entity that names nothing: a contraction ("n't"), a stop word or a short
    all-caps token ("IS", "AI"), a "person" with digits or slashes ("COVID-19", "Jun 30"),
    a lone sentence-opening adverb ("Meanwhile,")."""
    text = ent.text.strip()
    if not any(c.isalpha() for c in text) or CONTRACTION.match(text) or text.lower() in CALENDAR:
        return True
    if text.lower() in group_words():  # "Black", "Caucasian": a demographic group, no name
        return True
    if len(ent) == 1:
        tok = ent[0]
        if tok.is_stop:
            return True
        if text.isupper() and len(text) <= 3 and ent.label_ in ("GPE", "PERSON", "ORG", "NORP", "LOC"):
            return True
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        opening = tok.i == 0 or tok.doc[tok.i - 1].is_punct or "\n" in tok.doc[tok.i - 1].whitespace_
        if opening and nxt is not None and nxt.text == "," and text.endswith("ly"):
            return True
    if ent.label_ == "PERSON" and re.search(r"[\d/@#]", text):
        return True
    if ent.label_ == "LAW" and re.fullmatch(r"(?:(?:this|the|that)\s+)?(?:Act|Law|Bill|Ordinance|Regulation|Directive|"
                                            r"Article|Section|Code|Statute|Rule)s?", text, re.IGNORECASE):
        return True  # "the Act": a reference to a law named elsewhere
    return False


def org_actor(ent: Span) -> bool:
    """A model ORG that may act (a company, a retailer) though it is typed as nothing:
    not an NGO, court, medium or body, not a short acronym, not junk."""
    text = ent.text.strip()
    return not junk(ent) and not NOT_VENDOR.search(text) and not (text.isupper() and len(text) <= 5) \
        and text[:1].isupper()


def person_extent(ent: Span) -> Span:
    """A model PERSON cut to the name: not across a line break or a slash ("Arun Vemury\nRok",
    "Natasha Hanacek/NIST"), not over a trailing number or all-capitals word ("Matt
    Prendergast 3", "Charles Hymas HOME") or a "-backed" suffix ("Peter Thiel-backed"); a
    surname cut at its hyphen is made whole ("Hoan Ton-" + "That")."""
    if ent.label_ != "PERSON":
        return ent
    doc, start, end = ent.doc, ent.start, ent.end
    for i in range(start + 1, end):
        if doc[i].is_space or "\n" in doc[i].text or doc[i].text == "/" or "\n" in doc[i - 1].whitespace_:
            end = i
            break
    if end == ent.end and doc[end - 1].text == "-" and not doc[end - 1].whitespace_ and end < len(doc) \
            and doc[end].is_title:
        end += 1  # "Ton-" + "That"
    for i in range(start + 1, end - 1):
        if doc[i].text == "-" and not doc[i - 1].whitespace_ and doc[i + 1].is_lower:
            end = i  # "Thiel" "-" "backed"
            break
    while end - start > 1 and (doc[end - 1].like_num or doc[end - 1].text in ("-", "/")
                               or (doc[end - 1].is_upper and doc[end - 1].is_alpha and len(doc[end - 1]) > 2)):
        end -= 1
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_)


def type_model_entity(ent: Span) -> str | None:
    """Map a statistical entity to an frt label, or None to drop it."""
    if BILL_ID.match(ent.text.strip()):
        return "LAW"
    if junk(ent):
        return None
    label = type_by_form(ent.text)
    if label:
        return label
    if ent.label_ == "PERSON" and not_a_name(ent):
        return None
    if ent.label_ in ("GPE", "LOC") and len(ent) == 1 and CAMEL.match(ent.text):
        return None  # "LinkedIn", "OpenAI", "YouTube": a company, no place
    if ent.label_ in MODEL_MAP:
        return MODEL_MAP[ent.label_]
    if ent.label_ in ("ORG", "PRODUCT", "NORP", "FAC", "WORK_OF_ART"):
        doc = ent.doc  # windows, not Doc.text: that rebuilds the whole document string
        window = doc[max(0, ent.start - 40):min(len(doc), ent.end + 40)].text
        if not FRT_NEAR.search(window):
            return None
        after = doc[ent.end:min(len(doc), ent.end + 12)].text
        if ent.label_ == "ORG" and VENDOR_VERBS.search(after) and not NOT_VENDOR.search(ent.text) \
                and not (ent.text.isupper() and len(ent.text) <= 5):
            return "VENDOR"
        if ent.label_ == "PRODUCT":
            return "PRODUCT"
    return None


LEADING_WORDS = {"the", "a", "an", "this", "that", "senator", "senators", "sen.", "rep.",
                 "representative", "congresswoman", "congressman", "mayor", "councilmember",
                 "dr.", "professor", "prof."}
# Titles before a person's name ("Councilor Liz Breadon", "Prosecutor Worthy"): not the name.
PERSON_TITLES = {"councilor", "councillor", "councilwoman", "councilman", "commissioner", "prosecutor",
                 "governor", "gov.", "sheriff", "judge", "ceo", "mr.", "ms.", "mrs.", "assemblymember",
                 "lt.", "sgt.", "capt.", "spokesperson", "spokesman", "spokeswoman", "chairman",
                 "chairwoman", "secretary", "minister", "attorney",
                 # roles and ranks that open a model PERSON ("Superintendent Anne Kirkpatrick",
                 # "Convener John Finnie", "CEO Arvind Krishna", "Chief Constable Iain Livingstone")
                 "convener", "convenor", "superintendent", "chief", "constable", "deputy", "director",
                 "president", "vice", "executive", "founder", "co-founder", "cofounder", "officer", "detective",
                 "inspector", "commander", "lieutenant", "sergeant", "captain", "officer", "chancellor",
                 "premier", "sen.", "rep.", "senator", "representative", "councilmember", "supervisor",
                 "alderman", "alderwoman", "mayor", "justice", "magistrate", "commissioner", "cto", "cfo",
                 "coo", "dr", "mr", "ms", "mrs", "professor", "prof.", "spokesperson", "analyst",
                 "researcher", "lawmaker", "activist", "advocate", "attorney-general"}


def trim(doc: Doc, span: Span) -> Span:
    """Drop leading articles/titles and a trailing possessive from a span."""
    start, end = span.start, span.end
    titles = PERSON_TITLES if span.label_ == "PERSON" else set()
    based = re.match(r"[\w.]+\s*-\s*based\s+", span.text)  # "York-based Clearview AI"
    if based:
        while start < end - 1 and doc[start].idx < span.start_char + based.end():
            start += 1
    while start < end - 1 and (doc[start].lower_ in LEADING_WORDS or doc[start].lower_ in titles
                               or not any(c.isalnum() for c in doc[start].text)
                               or doc[start].lower_.endswith("-based") or doc[start].lower_ == "-based"):
        start += 1
    while end > start + 1 and doc[end - 1].text in ("'s", "'", "\u2019s", ",", "."):
        if doc[end - 1].text == "." and doc[end - 2].text.lower() in ("inc", "corp", "al"):
            break
        end -= 1
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


def valid_label(label: str) -> bool:
    """True if ``label`` is one of the frt entity labels."""
    return label in ENTITY_LABELS
