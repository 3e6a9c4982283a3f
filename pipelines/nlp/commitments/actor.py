"""Who makes a commitment: nearest subject-like entity, pronouns, 'the bill', parse subjects."""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..constants import ACTOR_LABELS
from ..spans import ents_in, text_of
from ..vocab import canonicalize, get_vocabulary
from .context import DocContext  # noqa: F401  (re-exported)

PRONOUN = re.compile(r"\b(it|we|they|the\s+(?:company|firm|tech\s+giant|retailer|unit|cloud\s+unit|"
                     r"cloud\s+division|business|vendor|start-?up|group|giant))\b", re.IGNORECASE)
LAW_REF = re.compile(r"\b(?:the|this|that)\s+(?:new\s+|proposed\s+|revised\s+|amended\s+)?(bill|law|act|ordinance|"
                     r"measure|legislation|regulation|rules?|proposal|directive|ban)\b", re.IGNORECASE)
# "..., says the ordinance", "under the new ordinance": the measure's own text, after the trigger.
_MEASURE = (r"(?:the|this|that)\s+(?:new\s+|proposed\s+|city\s+|county\s+|state\s+)?(?:bill|law|act|ordinance|"
            r"measure|legislation|regulation|rules?|proposal|directive)\b")
LAW_AFTER = re.compile(r"(?:,\s*(?:says|said|states|reads)|\bunder|\baccording\s+to)\s+" + _MEASURE
                       + r"|,\s*" + _MEASURE + r"\s+(?:says|said|states|reads|provides)\b", re.IGNORECASE)
# "the second US city to ban": a name after one of these modifies a noun, it is no actor.
MODIFIER_BEFORE = {"first", "second", "third", "fourth", "fifth", "latest", "only", "largest",
                   "biggest", "major", "another", "other", "many", "several"}
PREPOSITIONS = {"to", "from", "on", "against", "with", "of", "for", "in", "at", "by", "into",
                "about", "than", "like", "including", "as", "over"}
# "ACTOR said/announced ...": the actor's own clause starts here (earlier calls by others
# do not block it). Modals are not enough: "unclear whether Google will ..." stays blocked.
SPEECH = re.compile(r"^\s*(?:'s\s+\w+\s+)?(?:\w+\s+)?(said|says|announced|announces|confirmed|"
                    r"told|wrote|stated|pledged|promised|decided|voted|agreed|responded|replied|"
                    r"added|explained|noted)\b", re.IGNORECASE)


# A chamber named without its polity ("the Senate", "the House"): in a text about one US state
# that never names the US Congress, that state's (DocContext sets ``frt_chamber_state``).
BARE_CHAMBER = re.compile(r"(?:the\s+)?(?:state\s+)?(?:Senate|House(?:\s+of\s+(?:Representatives|Delegates))?|"
                          r"Assembly|General\s+Assembly)", re.IGNORECASE)
FEDERAL = re.compile(r"\b(?:Congress|U\.\s?S\.\s+(?:Senate|House)|US\s+(?:Senate|House)|federal\s+(?:bill|law|legislation))\b")


# Bodies whose registry name is already unique ("the UK's Information Commissioner's Office").
NATIONAL_KINDS = {"regulator", "federal_agency", "police", "eu_institution", "eu_agency", "court", "international"}


def actor_name(ent: Span) -> str:
    """Canonical actor name: products give their vendor; 'San Francisco's Board of
    Supervisors' gives 'San Francisco Board of Supervisors'."""
    if ent.label_ in ("VENDOR", "PRODUCT"):
        owner = (ent.doc.user_data.get("frt_product_owner") or {}).get(ent.kb_id_)
        return owner or canonicalize(ent.kb_id_ or ent.text, "VENDOR")
    name = ent.kb_id_ or ent.text
    doc = ent.doc
    if ent.label_ == "LEGISLATURE" and doc.user_data.get("frt_chamber_state") and BARE_CHAMBER.fullmatch(ent.text):
        return doc.user_data["frt_chamber_state"]  # "the Senate" in a text about Virginia's bill
    if ent.label_ == "JURISDICTION":
        described = described_regulator(ent)
        if described:
            return described
    known = get_vocabulary().lookup(name, ent.label_)
    if known is None and ent.label_ == "AGENCY" and " of the " in name:
        # "the Bureau of Industry and Security of the Department of Commerce": the known body
        # named first, not the whole phrase the model took as one name
        head = get_vocabulary().lookup(name.split(" of the ")[0], ent.label_)
        known = head if head is not None and head.label == ent.label_ else None
    if known is not None and known.label == ent.label_ and known.kind in NATIONAL_KINDS:
        return known.name  # a known body keeps its own name ("the UK's Information Commissioner's Office")
    if ent.label_ in ("LEGISLATURE", "AGENCY") and ent.start >= 2 and doc[ent.start - 1].text in ("'s", "\u2019s"):
        prev = doc[ent.start - 2]
        if prev.ent_type_ == "JURISDICTION":
            jur = next(e for e in ents_in(doc[max(0, prev.i - 8):prev.i + 1]) if e.start <= prev.i < e.end)
            if not name.startswith(jur.kb_id_):
                return f"{jur.kb_id_} {name}"
    return name


# "Italy's privacy watchdog", "the data protection authority in France": the country's
# regulator, looked up among the registry's descriptions (vocab/data/descriptions.yaml).
_DESC = r"(?:\w+\s+){0,2}?(?:watchdog|regulator|authority|agency|commissioner|DPA)"
DESCRIBED_AFTER = re.compile(r"^['\u2019](s?)\s+(" + _DESC + r")\b", re.IGNORECASE)  # "Netherlands' DPA"
DESCRIBED_BEFORE = re.compile(r"\b(" + _DESC + r")\s+in\s+$", re.IGNORECASE)


def described_regulator(ent: Span) -> str | None:
    """The regulator a country names with a description around it, or None."""
    text, vocab = text_of(ent.doc), get_vocabulary()
    after = DESCRIBED_AFTER.match(text[ent.end_char:ent.end_char + 60])
    if after:
        found = vocab.lookup(f"{ent.text}'{after.group(1)} {after.group(2)}", "AGENCY")
        if found is not None and found.label == "AGENCY":
            return found.name
    before = DESCRIBED_BEFORE.search(text[max(0, ent.start_char - 60):ent.start_char])
    if before:
        found = vocab.lookup(f"{before.group(1)} in {ent.text}", "AGENCY")
        if found is not None and found.label == "AGENCY":
            return found.name
    return None


def candidates_before(sent: Span, char: int, skip=()) -> list[Span]:
    """Actor-type entities ending before ``char`` that are not objects of a preposition
    (nor in ``skip``: start chars of dateline places)."""
    out = []
    for ent in ents_in(sent):
        if ent.label_ not in ACTOR_LABELS or ent.end_char > char or ent.start_char in skip:
            continue
        prev = ent.doc[ent.start - 1].lower_ if ent.start > sent.start else ""
        if prev == "the" and ent.start - 1 > sent.start:  # "in the UK", "to the FBI": an object too
            prev = ent.doc[ent.start - 2].lower_ if ent.doc[ent.start - 2].lower_ in PREPOSITIONS else prev
        if (prev in PREPOSITIONS and not body_of(ent, sent) and not described_regulator(ent)) \
                or prev in MODIFIER_BEFORE:
            continue
        out.append(ent)
    return out


# "the city council of Brookhaven", "voters in Somerton": the place acts through its body.
BODIES = {"council", "city", "town", "village", "county", "borough", "commission", "supervisors",
          "legislature", "voters", "residents"}


def body_of(ent: Span, sent: Span) -> bool:
    """A place named after "<body> of/in" (the body's place, not an object)."""
    doc = ent.doc
    return (ent.label_ == "JURISDICTION" and ent.start - 2 >= sent.start
            and doc[ent.start - 1].lower_ in ("of", "in") and doc[ent.start - 2].lower_ in BODIES)


def window_start(sent: Span, char: int) -> int:
    """Char where the trigger's clause starts: after the last 'ACTOR said/will/...'."""
    start = base = sent.start_char
    text = sent.text  # Doc.text rebuilds the whole document string: use the span's
    for ent in ents_in(sent):
        if ent.label_ in ACTOR_LABELS and ent.end_char <= char and SPEECH.match(text[ent.end_char - base:char - base]):
            start = ent.start_char
    return start
