"""``frt_entity_typer_v1``: turn ruler + model entities into frt-typed, canonical entities."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.util import filter_spans
from spacy.tokens import Doc, Span

from ..config import check_config
from ..vocab import canonicalize, get_vocabulary
from .patterns import CONTEXT_ID, CUES, case_ok, load_cues, split_names
from .typing import company_person, junk, org_actor, person_extent, trim, type_model_entity, valid_label
from ..spans import copies, text_of

MODEL_NAMES = {"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT"}
# A legislator's party and state before a place: "Rashida Tlaib, D-Mich.", "(R-La.)".
AFFILIATION = re.compile(r"(?:^|[\s(,\[])[DRI]-\s?$")
# "the City of Portland", "the Municipality of Trento": one place, named the long way.
PLACE_TYPES = {"City", "Town", "County", "Municipality", "Village", "Borough", "State", "Commonwealth",
               "Province", "Republic", "Kingdom", "Township", "Parish"}
# "West Seattle", "New South Wales", "Greater Manchester": another place than the name inside.
COMPASS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "New", "Greater",
           "Upper", "Lower", "Central"}

DEFAULTS = {"cues": str(CUES), "keep_model_labels": False}
# Cue names made only of generic words ("the Face Recognition system") name no product.
GENERIC = re.compile(r"(?:(?:Face|Facial|Recognition|Biometric|Analysis|Surveillance|Matching|"
                     r"Identification|AI|Detection|Vision|New|Our|Their|Its)\s*)+")
ROLE_TITLES = {"Supervisor", "Commissioner", "Inspector", "Auditor", "Controller", "Ombudsman", "Regulator"}
# "Name (ACR)": an acronym right after a typed name.
ACRONYM_AFTER = re.compile(r"\s*\((?:the\s+)?([A-Z][A-Za-z&]{0,2}[A-Z]{1,5}(?:-[A-Z]{2,5})?)\)")  # "(ICO)", "(S&T)"


def acronym_fits(acronym: str, name: str) -> bool:
    """An acronym in parentheses names the entity before it only if its first letter opens
    one of the name's words ("Information Commissioner's Office (ICO)", "Spanish Agency for
    Data Protection (AEPD)"); "Introduced in Senate (IS)" is a bill-status code, no name."""
    initials = {w[0].upper() for w in re.findall(r"[A-Za-z][\w'\u2019-]*", name)}
    return acronym[0].upper() in initials


def _spells(acronym: str, words: list[str]) -> bool:
    """Each capitalised word gives a non-empty prefix, small words ("of", "in") their first
    letter or nothing, and together they spell the acronym ("San Diego Association of
    Governments" -> SANDAG, "Diversity in Faces" -> DIF)."""
    def go(a: int, w: int) -> bool:
        if w == len(words):
            return a == len(acronym)
        word = words[w].upper()
        if (not words[w][0].isupper() or word in ("AND", "OF", "FOR", "THE", "IN", "ON")) and go(a, w + 1):
            return True
        n = 1
        while n <= len(word) and a + n <= len(acronym) and acronym[a:a + n] == word[:n]:
            if go(a + n, w + 1):
                return True
            n += 1
        return False
    return len(words) >= 2 and go(0, 0)


# "the Act", "this Ordinance": a reference to a law named elsewhere, no name.
GENERIC_LAW = re.compile(r"(?:Act|Law|Bill|Ordinance|Regulation|Directive|Article|Section|Code|Statute|Rule)s?",
                         re.IGNORECASE)
GENERIC_BODY = re.compile(r"(?:City|Town|County|State)?\s*(?:Council|Commission|Board(?: of Supervisors)?|"
                          r"Commissioner|Department|Agency|Police)", re.IGNORECASE)
# Heads of organisation names a place can open ("New York Times", "Bank of America").
ORG_HEADS = {"Times", "Post", "Journal", "Tribune", "Herald", "Chronicle", "Globe", "News", "Daily", "Gazette",
             "Observer", "Magazine", "Review", "Examiner", "Inquirer", "Star", "Sun", "Telegraph", "Register",
             "University", "College", "Bank", "Institute", "Project", "Foundation", "Museum", "Airport"}
# Head words of a body's name: "Maine" + "Bureau of Motor Vehicles" is one agency.
BODY_OPENERS = {"Bureau", "Department", "Office", "Agency", "Commission", "Board", "Authority", "Ministry",
                "Directorate", "Inspectorate", "Administration", "Division", "Service", "Securities"}
BODY_HEADS = {"Commissioner", "Commission", "Office", "Department", "Agency", "Bureau", "Authority", "Board",
              "Committee", "Service", "Services", "Council", "Protection", "Technology", "Vehicles", "Affairs"}
WEEKDAYS_MONTHS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                   "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december"}
# "Long Name Words (LNW)": a name defined with its acronym, typed by its head word.
DEFINED = re.compile(r"(?<![\w'\u2019-])((?:[A-Z][\w'\u2019]*(?:-[A-Z][\w'\u2019]*)?\s+(?:(?:of|for|and|in|on|the|&)\s+)*)"
                     r"{1,7}[A-Z][\w'\u2019]*(?:-[A-Z][\w'\u2019]*)?)\s*\((?:the\s+)?([A-Z][A-Za-z]{1,7}(?:-[A-Z]{2,5})?)\)")
HEAD_LABELS = {"Department": "AGENCY", "Office": "AGENCY", "Agency": "AGENCY", "Authority": "AGENCY",
               "Bureau": "AGENCY", "Commission": "AGENCY", "Association": "AGENCY", "Administration": "AGENCY",
               "Police": "AGENCY", "Directorate": "AGENCY", "Ministry": "AGENCY", "Inspectorate": "AGENCY",
               "System": "PRODUCT", "Platform": "PRODUCT", "Evaluation": "STUDY", "Test": "STUDY",
               "Verification": "STUDY", "Audit": "STUDY", "Dataset": "DATASET", "Database": "DATASET", "Benchmark": "DATASET", "Act": "LAW", "Regulation": "LAW", "Directive": "LAW"}
GERUND = re.compile(r"^[A-Z][a-z]{3,}ing$")
_CAP = r"(?:[A-Z\u00c0-\u00de][\w\u2019'-]*)"
COURT = re.compile(r"(?:(?:" + _CAP + r"\s+){1,4}(?:Court|Tribunal)(?:\s+of\s+(?:the\s+)?" + _CAP
                   + r"(?:\s+" + _CAP + r"){0,3})?|(?:Court|Tribunal)\s+of\s+(?:the\s+)?" + _CAP
                   + r"(?:\s+(?:of\s+(?:the\s+)?)?" + _CAP + r"){0,5})(?![\w-])")
# Higher wins when spans overlap: vocabulary > form/context rules > statistical model.
VOCAB, RULE, MODEL = 3, 2, 1


@Language.factory("frt_entity_typer_v1", default_config=DEFAULTS)
def make_entity_typer(nlp: Language, name: str, cues: str, keep_model_labels: bool):
    """Factory for :class:`EntityTyper`."""
    typer = EntityTyper(cues=cues, keep_model_labels=keep_model_labels)
    typer.nlp = nlp
    return typer


def _opening(doc: Doc, span: Span) -> bool:
    """The span opens a sentence or line (where capitals say nothing about names)."""
    if span.start == 0:
        return True
    prev = doc[span.start - 1]
    return prev.text in (".", "!", "?", ":", '"', "\u201c") or "\n" in prev.text or "\n" in prev.whitespace_


class EntityTyper:
    """Types every entity as one of the frt labels and stores its canonical name in ``kb_id``.

    Config:
        cues: Path of the context-cue YAML (regexes typing unknown names from context).
        keep_model_labels: Keep model entities that cannot be typed (with their model
            label) instead of dropping them.
    """

    def __init__(self, **config) -> None:
        cfg = check_config("frt_entity_typer_v1", config, DEFAULTS)
        from pathlib import Path

        self.cues = load_cues(Path(cfg["cues"]))
        self.keep_model_labels = cfg["keep_model_labels"]
        self.vocab = get_vocabulary()
        names = sorted(self.vocab.organisations, key=len, reverse=True)
        self.known_orgs = re.compile(r"(?<![\w&'-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w&-]|'s\b)") \
            if names else None

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[int, Span, str | None]] = []
        orgs: list[tuple[int, int, str]] = []
        dates = []
        for ent in doc.ents:
            if ent.label_ == "DATE":
                dates.append((ent.start_char, ent.end_char))
            elif ent.ent_id_ == CONTEXT_ID:
                parts = self._known_parts(doc, ent)
                found.extend([(VOCAB, part, entry.name) for part, entry in parts] if parts else [(RULE, ent, None)])
            elif ent.ent_id_ and valid_label(ent.label_):
                if case_ok(ent.text, ent.ent_id_, self.vocab):
                    found.append((VOCAB, ent, ent.ent_id_))
            else:
                parts = self._known_parts(doc, ent)
                if parts:  # "the General Data Protection Regulation and the EU AI Act": two names
                    found.extend((VOCAB, part, entry.name) for part, entry in parts)
                    continue
                ent = person_extent(ent)
                known = self.vocab.lookup(ent.text) if ent.label_ in MODEL_NAMES else None
                if known is not None and GENERIC_BODY.fullmatch(trim(doc, ent).text) \
                        and not any(n in text_of(doc) for n in (known.name, *known.aliases)):
                    known = None  # "the Commission in Quebec" is no European Commission: a generic
                    # word resolves to a body only in a text that names the body
                if known is not None and not junk(ent):
                    # a name the registry knows only in a weak form ("Madison", "Ring"): the
                    # model found a name there, the registry says whose
                    found.append((MODEL, Span(doc, ent.start, ent.end, label=known.label), known.name))
                    continue
                label = type_model_entity(ent)
                if label == "PERSON" and not self.keep_model_labels and company_person(ent):
                    orgs.append((ent.start_char, ent.end_char, trim(doc, ent).text))  # "Rite Aid says it ..."
                    continue
                if label or self.keep_model_labels:
                    found.append((MODEL, Span(doc, ent.start, ent.end, label=label or ent.label_), None))
                elif ent.label_ == "ORG" and org_actor(ent):
                    orgs.append((ent.start_char, ent.end_char, trim(doc, ent).text))
        orgs = [o for o in orgs if self._proper_org(doc, o)]
        known = self._known_orgs(doc)
        if known:
            # a retailer, venue or school the vocabulary lists is that organisation, whatever
            # the model made of it ("Verizon" a place, "Best Buy" a person, "Kroger" a vendor)
            orgs = [o for o in orgs if not any(a < o[1] and o[0] < b for a, b, _ in known)] + known
            orgs.sort()
            found = [f for f in found if not (f[0] == MODEL and f[1].label_ in ("PERSON", "JURISDICTION", "VENDOR")
                                              and any(a < f[1].end_char and f[1].start_char < b for a, b, _ in known))]
        # Organisations named but not typed (retailers, unknown companies): no entities,
        # but a commitment's subject may be one of them ("Kroger said it would stop ...").
        doc.user_data["frt_orgs"] = orgs
        doc._.frt_model_dates = dates
        text = text_of(doc)
        for label, regex, split in self.cues:
            for m in regex.finditer(text):
                parts = split_names(text, *m.span("name")) if split else [m.span("name")]
                for a, b in parts:
                    span = doc.char_span(a, b, label=label, alignment_mode="contract")
                    if span is not None and len(span) and not GENERIC.fullmatch(span.text):
                        found.append((RULE, span, None))
        found.extend(self._repeats(doc, text, found))
        found.extend(self._courts(doc, text))
        found = [f for f in found if not self._foreign_product(doc, f) and not self._person_title(doc, f)]
        found = self._proper_only(doc, found)
        if not self.keep_model_labels:  # raw model entities asked for: no evidence needed
            found = self._lone_persons(doc, text, found)
            found.extend(self._surnames(doc, text, found))
        found.extend(self._defined(doc, text))
        ents = self._resolve(doc, found)
        extra = self._acronyms(doc, text, ents)
        ents = self._resolve(doc, found + extra) if extra else ents
        doc.ents = self._tidy(doc, ents)
        doc.user_data["frt_product_owner"] = self._owners(doc)
        return doc

    nlp = None  # the pipeline, for its tagger (set by the factory)

    def _known_orgs(self, doc: Doc) -> list[tuple[int, int, str]]:
        """Spans of the vocabulary's organisations (organisations.yaml) in the text."""
        if self.known_orgs is None:
            return []
        names = self.vocab.organisations
        return [(m.start(), m.end(), names[m.group(0)]) for m in self.known_orgs.finditer(text_of(doc))]

    def _proper_only(self, doc: Doc, found: list) -> list:
        """Drop one-word model names that the model's tagger reads as common words
        ("Sisters", "Board", "Future", "Identifying"): the sentence is tagged (only those
        sentences), and a lone name must be a proper noun."""
        lone = [f for f in found if len(f[1]) == 1 and f[1].label_ != "LAW"
                and (f[0] == MODEL or f[0] == RULE and _opening(doc, f[1]))]
        if not lone or self.nlp is None or "tagger" not in self.nlp.component_names:
            return found
        procs = [self.nlp.get_pipe(n) for n in ("tok2vec", "tagger") if n in self.nlp.component_names]
        windows: list[list[int]] = []  # context around each name (sentences are not split yet),
        for f in sorted(lone, key=lambda f: f[1].start):  # overlapping windows tagged once
            a, b = max(0, f[1].start - 15), min(len(doc), f[1].end + 15)
            if windows and a <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], b)
            else:
                windows.append([a, b])
        tags: dict[int, str] = {}
        tagged = copies(doc, [doc[a:b] for a, b in windows], entities=False)
        for proc in procs:  # the windows of the Doc in one batch
            tagged = list(proc.pipe(tagged)) if hasattr(proc, "pipe") else [proc(c) for c in tagged]
        for (a, _), copy in zip(windows, tagged):
            for tok in copy:
                tags[a + tok.i] = tok.tag_
        common = {id(f) for f in lone if tags.get(f[1].start) not in (None, "NNP", "NNPS")}
        return [f for f in found if id(f) not in common]

    @staticmethod
    def _lone_persons(doc: Doc, text: str, found: list) -> list:
        """A one-word name is a person only with evidence: the surname of a full name in the
        document ("Brad Smith ... Smith said"), an honorific ("Mr. Booker") or speech right
        after it ("Smith said"). Without it a model PERSON names no one ("Mijente", "Forbes",
        "Etihad", "VKontakte"); with it, a one-word name the model or a cue typed as a place or
        company is the person ("Lagarde tells Axios", "Dominguez said")."""
        surnames = {f[1][-1].text for f in found if f[1].label_ == "PERSON" and len(f[1]) > 1
                    and f[1][-1].text[:1].isupper() and f[1][-1].is_alpha}
        cache: dict[str, bool] = {}

        def evidenced(name: str) -> bool:
            if name not in cache:
                n = re.escape(name)
                cache[name] = name in surnames or bool(
                    re.search(r"\b(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Prof|Mx)\.?\s+" + n + r"\b", text)
                    or re.search(r"(?<![\w&.-])" + n + r"\s+(?:said|says|told|tells|wrote|writes|added|adds|"
                                 r"argued|argues|noted|explained|testified|recalled)\b", text))
            return cache[name]

        out = []
        for f in found:
            prio, span, canonical = f
            if len(span) == 1 and prio != VOCAB and span[0].is_alpha and span.text[:1].isupper():
                if span.label_ == "PERSON" and prio == MODEL and not evidenced(span.text):
                    continue
                if span.label_ in ("VENDOR", "JURISDICTION", "AGENCY", "PRODUCT") and span.text in surnames:
                    f = (prio, Span(doc, span.start, span.end, label="PERSON"), None)
            out.append(f)
        return out

    def _surnames(self, doc: Doc, text: str, found: list) -> list:
        """Later mentions of a full name's surname are the person ("Helen McEntee ... Minister
        McEntee said"), unless the vocabulary knows the word as another name."""
        surnames: dict[str, set[str]] = {}  # surname -> the words before it in full names
        for f in found:
            if (f[1].label_ == "PERSON" and len(f[1]) > 1 and f[1][-1].text[:1].isupper()
                    and f[1][-1].is_alpha and len(f[1][-1].text) > 2):
                surnames.setdefault(f[1][-1].text, set()).add(f[1][-2].text)
        out = []
        for name, before in surnames.items():
            if self.vocab.lookup(name) is not None:
                continue
            for m in re.finditer(r"(?<![\w&+.-])" + re.escape(name) + r"(?![\w&+-])", text):
                span = doc.char_span(m.start(), m.end(), label="PERSON")
                # not inside a longer name the model missed there ("Rite Aid", "Kenzie Bok")
                if span is not None and not (span.start > 0 and doc[span.start - 1].text in before):
                    out.append((MODEL, span, None))
        return out

    def _proper_org(self, doc: Doc, org: tuple[int, int, str]) -> bool:
        """A one-word untyped organisation must be a proper noun ("Moreover," is not)."""
        span = doc.char_span(org[0], org[1], alignment_mode="expand")
        if span is None or len(span) != 1:
            return True
        return bool(self._proper_only(doc, [(MODEL, span, None)]))

    def _tidy(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """"Eugene, Ore." / "Portland, Oregon" is one place (the city's canonical name);
        "the ... Act of 2020" keeps its year."""
        out: list[Span] = []
        internal: set[tuple[int, int]] = set()
        doc.user_data["frt_internal_ents"] = internal
        ents = [e for e in ents if not (e.label_ == "LAW" and GENERIC_LAW.fullmatch(e.text))
                and not self._inside_other_name(doc, e)]
        for e in ents:
            if e.label_ == "AGENCY" and COURT.fullmatch(e.text) and self.vocab.lookup(e.text, "AGENCY") is None:
                internal.add((e.start_char, e.end_char))  # a court acts (orders) but is no listed name
        for e in ents:  # "the City Council" without its place: an actor, not a name to list
            owned = e.start > 0 and doc[e.start - 1].text in ("'s", "\u2019s")  # "San Francisco's Board of ..."
            if e.label_ in ("LEGISLATURE", "AGENCY") and GENERIC_BODY.fullmatch(e.text) and not owned:
                internal.add((e.start_char, e.end_char))
        i = 0
        while i < len(ents):
            ent = ents[i]
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            if (nxt is not None and nxt.label_ == "JURISDICTION" and nxt.start == ent.end + 1
                    and doc[ent.end].text == "," and self._kind(nxt) == "state" and self._kind(ent) != "state"
                    and (ent.label_ == "JURISDICTION" or (ent.label_ in ("PERSON", "VENDOR") and len(ent) <= 2
                                                          and all(t.is_title for t in ent)))):
                # a name before ", <state>" is a city, whatever the model called it ("Eugene, Ore.")
                city = ent.kb_id_ if ent.label_ == "JURISDICTION" else ent.text
                out.append(Span(doc, ent.start, nxt.end, label="JURISDICTION", kb_id=city))
                i += 2
                continue
            if (nxt is not None and ent.label_ == "JURISDICTION" and nxt.label_ in ("AGENCY", "LEGISLATURE")
                    and nxt.start == ent.end and nxt[0].text in BODY_OPENERS and (ent.start_char, ent.end_char) not in internal
                    and "\n" not in doc[ent.end - 1].whitespace_):
                # "Maine" + "Bureau of Motor Vehicles": the place opens the body's name
                span = Span(doc, ent.start, nxt.end, label=nxt.label_)
                out.append(Span(doc, ent.start, nxt.end, label=nxt.label_, kb_id=canonicalize(span.text, nxt.label_)))
                i += 2
                continue
            if (ent.label_ == "JURISDICTION" and ent.end < len(doc) and doc[ent.end].text in ("police", "Police")
                    and (nxt is None or nxt.start > ent.end) and self._kind(ent) not in ("country", "state")):
                # "New Orleans police paused ...": the city's police force
                span = Span(doc, ent.start, ent.end + 1, label="AGENCY", kb_id=self._police(ent.kb_id_ or ent.text))
                internal.add((span.start_char, span.end_char))  # an actor, not a name to list
                out.append(span)
                i += 1
                continue
            if ent.label_ == "AGENCY" and (ent.start_char, ent.end_char) not in internal:
                end, j = self._body_tail(doc, ent), i + 1
                while j < len(ents) and ents[j].start < end:  # names inside the tail are its words
                    if ents[j].end > end:
                        end = ents[j].start
                        break
                    j += 1
                if end > ent.end:
                    span = Span(doc, ent.start, end, label=ent.label_)
                    ent = Span(doc, ent.start, end, label=ent.label_, kb_id=canonicalize(span.text, ent.label_))
                    i = j - 1
                    nxt = ents[j] if j < len(ents) else None
            if ent.label_ == "JURISDICTION":
                if AFFILIATION.search(text_of(doc)[max(0, ent.start_char - 4):ent.start_char]):
                    i += 1  # "Rashida Tlaib, D-Mich.": a legislator's party and state, no place named
                    continue
                ent = self._place_extent(doc, ent)
            if (ent.label_ == "LAW" and ent.end < len(doc) and doc[ent.end - 1].text in ("Act", "Bill")
                    and re.fullmatch(r"(?:19|20)\d\d", doc[ent.end].text) and (nxt is None or nxt.start > ent.end)):
                year = doc[ent.end].text  # "the Privacy Act 1988", "... (Amendment) Bill 2023"
                ent = Span(doc, ent.start, ent.end + 1, label="LAW", kb_id=f"{ent.kb_id_ or ent.text} {year}")
            if (ent.label_ == "LAW" and ent.end + 1 < len(doc) and doc[ent.end].lower_ == "of"
                    and re.fullmatch(r"(?:19|20)\d\d", doc[ent.end + 1].text)
                    and (nxt is None or nxt.start > ent.end + 1)):
                year = doc[ent.end + 1].text  # the 2020 and 2023 bills of one name are two laws
                ent = Span(doc, ent.start, ent.end + 2, label="LAW", kb_id=f"{ent.kb_id_ or ent.text} of {year}")
            out.append(ent)
            i += 1
        # an extension ("the City of Oakland" from "Oakland") may now cover a name of its own
        # ("The City" the model saw): the longest name wins, never two over one token
        kept = filter_spans(out)
        return sorted(kept, key=lambda e: e.start) if len(kept) != len(out) else out

    def _known_parts(self, doc: Doc, ent: Span) -> list[tuple[Span, object]] | None:
        """The known names a model span joins with "and" / "," (each part, without "the", is
        a vocabulary name), or None."""
        if " and " not in ent.text and ", " not in ent.text:
            return None
        out = []
        for m in re.finditer(r"(?:^|,\s*(?:and\s+)?|\s+and\s+)(?:the\s+|The\s+)?(.+?)(?=,\s|\s+and\s+|$)", ent.text):
            a = ent.start_char + m.start(1)
            part = doc.char_span(a, a + len(m.group(1)), label="LAW")
            entry = self.vocab.lookup(m.group(1)) if part is not None else None
            if entry is None or not case_ok(m.group(1), entry.name, self.vocab):
                return None
            out.append((Span(doc, part.start, part.end, label=entry.label), entry))
        return out if len(out) > 1 else None

    @staticmethod
    def _place_extent(doc: Doc, ent: Span) -> Span:
        """A place's whole name: "the City of Portland" (the same place, the longest name), "West
        Seattle", "New South Wales" (a compass word makes another place: no canonical name)."""
        start, kb_id = ent.start, ent.kb_id_
        if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].text in PLACE_TYPES:
            return Span(doc, start - 2, ent.end, label=ent.label_, kb_id=kb_id)
        while start > 0 and doc[start - 1].text in COMPASS and not doc[start - 1].is_sent_start \
                and doc[start - 1].whitespace_:  # "South Wales", not "South-Wales" nor a line's last word
            start -= 1
        if start == ent.start:
            return ent
        span = Span(doc, start, ent.end, label=ent.label_)
        return Span(doc, start, ent.end, label=ent.label_, kb_id=span.text)

    @staticmethod
    def _body_tail(doc: Doc, ent: Span) -> int:
        """A body's name goes on through "of/for (the) <Capitalised words>" ("the Spanish Agency
        for Data Protection", "the Office of the Information and Privacy Commissioner"); "and"
        joins only when the words after it end the name with a head word ("Commissioner")."""
        limit = len(doc)

        def run(k: int) -> int:  # capitalised words from k (no weekday, month, new sentence or line)
            first = k
            while (k < limit and doc[k].is_title and doc[k].is_alpha and not doc[k].is_sent_start
                   and doc[k].lower_ not in WEEKDAYS_MONTHS and (k == first or "\n" not in doc[k - 1].whitespace_)):
                k += 1
            return k

        end = ent.end
        while end < limit and "\n" not in doc[end - 1].whitespace_:  # a name ends at a line break
            word = doc[end].lower_
            if word in ("of", "for"):
                j = end + 2 if end + 1 < limit and doc[end + 1].lower_ == "the" else end + 1
                k = run(j)
                if k == j or any("\n" in t.whitespace_ for t in doc[end:j]):
                    break
                end = k
            elif (word in ("and", "&") and doc[end - 1].text not in BODY_HEADS
                  and any(t.lower_ in ("of", "for") for t in doc[ent.start:end])):
                k = run(end + 1)
                if k == end + 1 or doc[k - 1].text not in BODY_HEADS or "\n" in doc[end].whitespace_:
                    break
                end = k
            else:
                break
        return end

    @staticmethod
    def _courts(doc: Doc, text: str) -> list:
        """Courts named in full ("the São Paulo State Court", "the Court of Appeal", "the
        Administrative Court of Marseille"): actors of their orders (kept out of the entity list)."""
        out = []
        for m in COURT.finditer(text):
            span = doc.char_span(m.start(), m.end(), label="AGENCY", alignment_mode="contract")
            if span is not None and len(span) > 1:
                out.append((RULE, span, None))
        return out

    @staticmethod
    def _inside_other_name(doc: Doc, ent: Span) -> bool:
        """A place that opens the name of a newspaper, university, bank or project ("the New
        York Times", "New York University", "Bank of America") or a headline fragment typed as
        a company ("Texas PDs Using Face Recognition Software") names no actor."""
        if ent.label_ == "JURISDICTION":
            nxt = doc[ent.end] if ent.end < len(doc) else None
            if nxt is not None and nxt.text in ORG_HEADS:
                return True
            if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].text in ORG_HEADS:
                return True
        if ent.label_ in ("VENDOR", "PRODUCT", "AGENCY") and len(ent) > 1 and GERUND.match(ent[0].text):
            return True
        return False

    def _police(self, place: str) -> str:
        for name in (f"{place} Police Department", f"{place} Police", f"{place} Police Service"):
            entry = self.vocab.lookup(name, "AGENCY")
            if entry is not None and entry.label == "AGENCY":
                return entry.name
        return f"{place} Police Department"

    def _kind(self, ent: Span) -> str | None:
        entry = self.vocab.lookup(ent.kb_id_ or ent.text, ent.label_)
        return entry.kind if entry is not None and entry.label == ent.label_ else None

    def _owners(self, doc: Doc) -> dict[str, str]:
        """Vendors of products the vocabulary does not know, from their possessor:
        "Brightwater Systems' FaceGate", "Halverson Analytics said ... its FaceMatch software"."""
        owners: dict[str, str] = {}
        last_vendor = None
        for ent in doc.ents:
            if ent.label_ == "VENDOR":
                last_vendor = ent
            if ent.label_ != "PRODUCT" or ent.kb_id_ in self.vocab.product_vendor or ent.start < 2:
                continue
            prev = doc[ent.start - 1]
            if prev.text in ("'s", "'", "\u2019s", "\u2019") and last_vendor is not None \
                    and last_vendor.end == ent.start - 1:
                owners.setdefault(ent.kb_id_, canonicalize(last_vendor.kb_id_ or last_vendor.text, "VENDOR"))
            elif prev.lower_ in ("its", "their") and last_vendor is not None \
                    and ent.start - last_vendor.end < 30 \
                    and not any(t.text in (".", "!", "?") or "\n" in t.text for t in doc[last_vendor.end:ent.start]):
                owners.setdefault(ent.kb_id_, canonicalize(last_vendor.kb_id_ or last_vendor.text, "VENDOR"))
        return owners

    @staticmethod
    def _repeats(doc: Doc, text: str, found: list) -> list:
        """Other mentions of names typed VENDOR or DATASET by a context cue ("Veritune today announced"
        types "Veritune" in the headline too)."""
        names = {(span.text, span.label_) for prio, span, _ in found if prio == RULE
                 and span.label_ in ("VENDOR", "DATASET") and span.text[:1].isupper()}
        out = []
        for name, label in names:
            for m in re.finditer(r"(?<![\w&+-])" + re.escape(name) + r"(?![\w&+-])", text):
                span = doc.char_span(m.start(), m.end(), label=label)
                if span is not None:
                    out.append((RULE, span, None))
        return out

    @staticmethod
    def _person_title(doc: Doc, item) -> bool:
        """"San Francisco Supervisor Aaron Peskin": a role before a name is no agency."""
        prio, span, _ = item
        return (prio == RULE and span.label_ == "AGENCY" and span[-1].text in ROLE_TITLES
                and span.end < len(doc) and doc[span.end].is_title and not doc[span.end].is_sent_start)

    @staticmethod
    def _defined(doc: Doc, text: str) -> list:
        """"the San Diego Association of Governments (SANDAG)", "the Tactical Identification System
        (TACIDS)": a capitalised name whose words' prefixes spell the acronym after it is a name;
        its head word ("Association", "System", "Evaluation", the word before "of") types the
        name and every mention of the acronym."""
        out = []
        for m in DEFINED.finditer(text):
            acronym = m.group(2)
            words = re.findall(r"[\w'\u2019]+", m.group(1))
            # the shortest tail of the name that spells the acronym ("... of Governments")
            for i in range(len(words) - 1, -1, -1):
                if words[i][0].isupper() and _spells(acronym.replace("-", "").upper(), words[i:]):
                    break
            else:
                continue
            name_words = words[i:]
            head = next((w for w, nxt in zip(name_words, name_words[1:] + [""]) if nxt in ("of", "for")), name_words[-1])
            label = HEAD_LABELS.get(head)
            if label is None:
                continue
            start = m.start(1) + m.group(1).find(name_words[0]) if i else m.start(1)
            span = doc.char_span(start, m.end(1), label=label, alignment_mode="contract")
            if span is None or not len(span):
                continue
            out.append((RULE, span, None))
            for hit in re.finditer(r"(?<![\w&+-])" + re.escape(acronym) + r"(?![\w&+-])", text):
                a = doc.char_span(hit.start(), hit.end(), label=label)
                if a is not None:
                    out.append((RULE, a, span.text))
        return out

    @staticmethod
    def _acronyms(doc: Doc, text: str, ents: list[Span]) -> list:
        """"the Information Commissioner's Office (ICO)": the acronym and its other mentions
        take the name's type."""
        out = []
        for ent in ents:
            if ent.label_ not in ("AGENCY", "VENDOR", "LEGISLATURE", "LAW", "STUDY", "DATASET"):
                continue
            m = ACRONYM_AFTER.match(text, ent.end_char)
            if m is None or not acronym_fits(m.group(1), ent.text) or COURT.fullmatch(ent.text):
                continue
            for hit in re.finditer(r"(?<![\w&+-])" + re.escape(m.group(1)) + r"(?![\w&+-])", text):
                span = doc.char_span(hit.start(), hit.end(), label=ent.label_)
                if span is not None:
                    out.append((RULE, span, ent.kb_id_ or ent.text))
        return out

    def _foreign_product(self, doc: Doc, item) -> bool:
        """A vocabulary product right after another capitalised name is someone else's
        ("the Orrery Face API" is not Microsoft's Face API)."""
        prio, span, canonical = item
        if prio != VOCAB or span.label_ != "PRODUCT" or span.start < 2:
            return False
        prev, before = doc[span.start - 1], doc[span.start - 2]
        if not prev.is_title or before.is_punct or "\n" in before.text or before.is_sent_start:
            return False
        vendor = self.vocab.product_vendor.get(canonical)
        return canonicalize(prev.text, "VENDOR") != vendor

    @staticmethod
    def _resolve(doc: Doc, found: list[tuple[int, Span, str | None]]) -> list[Span]:
        taken: set[int] = set()
        out = []
        # Vocabulary and rule spans first, longest first ("Oregon Senate" over "Senate",
        # "San Francisco Police Department" over "San Francisco"); model spans fill gaps.
        for prio, span, canonical in sorted(found, key=lambda f: (f[0] == MODEL, -len(f[1]), -f[0], f[1].start)):
            span = trim(doc, span) if prio < VOCAB else span
            if span.label_ == "PERSON" and span.text.lower().endswith(("et al", "et al.")):
                span = Span(doc, span.start, span.start + 1, label="PERSON")
            if taken.intersection(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            canonical = canonical or canonicalize(span.text, span.label_)
            out.append(Span(doc, span.start, span.end, label=span.label_, kb_id=canonical))
        return sorted(out, key=lambda s: s.start)
