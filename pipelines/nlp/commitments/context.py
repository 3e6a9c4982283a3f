"""Per-document facts the commitment rules need: dates read as a narrative, vendor
mentions for coreference, the publishing vendor, datelines and document hints."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..dates import DateMention, narrative_dates
from ..vocab import canonicalize
from ..spans import text_of

DATELINE_CHARS = 200
# "Boston, July 14, 2022 --": a place at the start of a line followed by a date.
DATELINE_GAP = re.compile(r"^,\s*(?:[A-Z][\w.]*\.?,?\s+){0,2}$")
# A wire-style dateline without a date: "MILAN (Reuters) -", "SACRAMENTO, Calif. (CN) –",
# "PORTLAND, Maine —": the place says where the story was filed, not who acted.
WIRE_DATELINE = re.compile(r"^(?:,\s*[A-Z][\w.]*\.?(?:\s+[A-Z][\w.]*\.?)?)?\s*(?:\([^()\n]{1,40}\)\s*)?[-–—]{1,2}")
# "X today announced", "X announced today": the publisher of a press release.
PUBLISHER_AFTER = re.compile(r"^\s*(?:today|this\s+week)\s+announced\b|^\s*announced\s+today\b", re.IGNORECASE)
# An enactment/passage/signing/effective date of a bill ("Passed the House on March 3, 2022").
ENACTED = re.compile(r"\b(?:signed|passed|enacted|adopted|approved|chaptered|effective|takes\s+effect)\b"
                     r"[^.\n]{0,40}?$", re.IGNORECASE)
LEGISLATIVE_KINDS = ("bill", "law", "record")
# Agencies outside the registry that act as regulators or courts.
REGULATOR_NAME = re.compile(r"\b(?:Commissioner|Regulator|Inspectorate|Ombudsman|Supervisor|Garante|Court|Tribunal|"
                            r"Data\s+Protection|Privacy|Trade\s+Commission|DPA)\b")
# Bodies that need their place to name anyone.
GENERIC_BODIES = {"city council", "council", "board of supervisors", "county council", "county commission",
                  "county board", "city commission", "town council", "board of aldermen", "legislature",
                  "state legislature", "general assembly", "board of commissioners", "county board of supervisors"}


@dataclass
class DocContext:
    """Dates (document date, else dateline; fallback start date: dateline, else document
    date), the main vendor, the publisher ("we"), vendor mentions for "it"/"the company",
    laws and bodies for "the bill", and the document hints (kind, actor)."""

    date: object
    fallback_date: object = None
    main_vendor: str | None = None
    laws: list[tuple[int, str]] = field(default_factory=list)
    bodies: list[tuple[int, str]] = field(default_factory=list)
    publisher: str | None = None
    vendors: list[tuple[int, str]] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    datelines: set[int] = field(default_factory=set)
    kind: str | None = None
    hint_actor: str | None = None
    enacted: object = None
    agencies: list[tuple[int, str]] = field(default_factory=list)
    law_names: dict[str, list[str]] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)

    @classmethod
    def from_doc(cls, doc: Doc) -> DocContext:
        from .actor import actor_name

        hints = doc.user_data.get("frt_hints") or {}
        text = text_of(doc)  # once per document
        date = doc._.frt_date
        dates = narrative_dates(text, date)
        regions = _regions(doc)
        datelines = _datelines(doc, text, dates) | regions
        ents = [e for e in doc.ents if e.start_char not in datelines]
        # the places the document is about, a dateline's included ("SPRINGFIELD— ... the City
        # Council approved ..."): a dateline names no actor, but the place a body belongs to
        counted = Counter(e.kb_id_ or e.text for e in doc.ents if e.label_ == "JURISDICTION"
                          and e.start_char not in regions)
        places = [name for name, _ in counted.most_common()]
        doc.user_data["frt_chamber_state"] = _chamber_state(places, text)
        vendors = [(e.start_char, actor_name(e)) for e in ents if e.label_ in ("VENDOR", "PRODUCT")]
        counts = Counter(name for _, name in vendors)
        main = counts.most_common(1)[0][0] if counts else None
        publisher = next((canonicalize(e.kb_id_ or e.text, "VENDOR") for e in ents if e.label_ == "VENDOR"
                          and PUBLISHER_AFTER.match(text[e.end_char:e.end_char + 30])), main)
        laws = [(e.start_char, e.kb_id_) for e in ents if e.label_ == "LAW"]
        bodies = [(e.start_char, actor_name(e)) for e in ents if e.label_ in ("LEGISLATURE", "JURISDICTION")]
        regulators = [(e.start_char, actor_name(e)) for e in ents if e.label_ == "AGENCY"]
        dateline = next((m.date for m in dates if m.start < DATELINE_CHARS and m.explicit_year
                         and m.kind != "my"), None)
        if dateline and date and dateline > date:
            dateline = None
        enacted = next((m.date for m in dates if ENACTED.search(text[max(0, m.start - 60):m.start])), None)
        law_names: dict[str, list[str]] = {}
        for e in ents:
            if e.label_ == "LAW":
                law_names.setdefault(e.kb_id_, []).append(e.text)
        return cls(date or dateline, dateline or date, main, laws, bodies, publisher, vendors, dates,
                   datelines, hints.get("kind"), hints.get("actor"), enacted, regulators, law_names, places)

    @property
    def legislative(self) -> bool:
        """A bill or legislative record with a known jurisdiction/legislature."""
        return self.kind in LEGISLATIVE_KINDS and bool(self.hint_actor)

    def law_before(self, char: int) -> str | None:
        """The last law (else legislature/jurisdiction) mentioned before ``char``."""
        for items in (self.laws, self.bodies):
            before = [name for start, name in items if start < char]
            if before:
                return before[-1]
        return None

    def is_law(self, name: str | None) -> bool:
        """``name`` is a law named in the document (a law is never a measure's actor)."""
        return name is not None and any(law == name for _, law in self.laws)

    def enactor(self, char: int, law: str | None = None) -> str | None:
        """Who adopted ``law`` (mentioned at ``char``): the bill's jurisdiction (hint), else
        the law's known jurisdiction (vocabulary ``parent``: the AI Act's is the European
        Union) or the place its name opens with ("EU AI Act"), else the last
        legislature/jurisdiction before it, else the first one after; None if none."""
        if self.legislative:
            return self.hint_actor
        from ..vocab import get_vocabulary

        vocab = get_vocabulary()
        entry = vocab.lookup(law, "LAW") if law else None
        if entry is not None and entry.label == "LAW" and entry.parent:
            return entry.parent
        for surface in self.law_names.get(law, ()):
            words = surface.split()
            for n in (2, 1):
                place = vocab.lookup(" ".join(words[:n]), "JURISDICTION") if len(words) > n else None
                if place is not None and place.label == "JURISDICTION":
                    return place.name
        before = [name for start, name in self.bodies if start < char]
        if before:
            return before[-1]
        return self.bodies[0][1] if self.bodies else None

    def placed(self, actor: str | None) -> str | None:
        """A body named without its place ("the City Council", "Board of Supervisors") is the
        body of the place the document is about (its most-named jurisdiction)."""
        if actor is None or actor.lower() not in GENERIC_BODIES or not self.places:
            return actor
        from ..vocab import get_vocabulary

        # "Madison, Wisconsin" + "City Council": the registry's "Madison City Council" if it
        # knows it, else "Madison City Council" (the body's usual name, without the state)
        short = self.places[0].split(",")[0].strip()
        first = actor.split()[0]
        if short.split()[-1].lower() == first.lower():  # "King County" + "County Council"
            actor = actor[len(first):].strip()
        for name in (f"{short} {actor}", f"{self.places[0]} {actor}"):
            entry = get_vocabulary().lookup(name)
            if entry is not None and entry.label in ("LEGISLATURE", "AGENCY"):
                return entry.name
        return f"{short} {actor}"

    def place_before(self, char: int) -> str | None:
        """The last legislature or jurisdiction named before ``char``, else the first after."""
        before = [name for start, name in self.bodies if start < char]
        return before[-1] if before else (self.bodies[0][1] if self.bodies else None)

    def body_before(self, char: int) -> str | None:
        """The last agency, else legislature/jurisdiction, named before ``char``."""
        return self.agency_before(char) or next(
            (name for start, name in reversed(self.bodies) if start < char), None)

    def agency_before(self, char: int) -> str | None:
        """The last agency (regulator) mentioned before ``char``: who "it" is in "It also
        ordered Clearview to delete the images"."""
        before = [name for start, name in self.agencies if start < char]
        return before[-1] if before else None

    def actor_near(self, sent: Span, char: int, government: bool = False) -> str | None:
        """Who "it"/"they" is: the last actor named before ``char`` in this or the previous
        sentence (not the object of a preposition). A body of government (or the enactor of
        a law) wins for a ``government`` measure; a vendor wins otherwise when both are there.
        None when neither sentence names one."""
        from ..constants import ACTOR_LABELS
        from .actor import PREPOSITIONS, actor_name

        doc = sent.doc
        lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        if lo > 0 and not any(lo <= e.start and e.end_char <= char and e.label_ in ACTOR_LABELS for e in doc.ents):
            lo = doc[lo - 1].sent.start  # a short or nameless sentence between: one more back
        vendors, bodies = [], []
        for ent in doc.ents:
            if ent.start < lo or ent.end_char > char or ent.start_char in self.datelines:
                continue
            prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if prev == "the" and ent.start > 1:
                prev = doc[ent.start - 2].lower_
            if prev in PREPOSITIONS:
                continue
            if ent.label_ in ("VENDOR", "PRODUCT"):
                vendors.append(actor_name(ent))
            elif ent.label_ == "LAW":
                who = self.enactor(ent.start_char, ent.kb_id_ or ent.text)
                if who:
                    bodies.append(who)
            elif ent.label_ in ACTOR_LABELS:
                bodies.append(actor_name(ent))
        if government and bodies:
            return bodies[-1]
        if vendors:
            return None  # the vendor rules decide ("it" is the company)
        if bodies and self.kind != "paper":
            return bodies[-1]
        return None

    def regulator_before(self, char: int, skip: re.Pattern | None = None) -> str | None:
        """The last regulator or court (registry kind, else a regulator-like name) mentioned
        before ``char``, else the first one after; None if the document names none. Names
        that ``skip`` matches whole (role names such as "the DPA") are passed over."""
        from .extract import actor_kind

        found = [(start, name) for start, name in self.agencies
                 if (actor_kind(name) in ("regulator", "court") or REGULATOR_NAME.search(name))
                 and not (skip is not None and skip.fullmatch(name))]
        before = [name for start, name in found if start < char]
        return before[-1] if before else (found[0][1] if found else None)

    def vendor_in_reach(self, sent: Span, char: int) -> str | None:
        """The last vendor named before ``char`` in this or the previous sentence, or None."""
        doc = sent.doc
        lo = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
        near = [name for start, name in self.vendors if lo <= start < char]
        return near[-1] if near else None

    def vendor_near(self, sent: Span, char: int) -> str | None:
        """Vendor for "it"/"the company"/"its": with one vendor in the document, that one;
        else the nearest vendor mentioned before ``char`` in this or the previous sentence;
        else the main vendor."""
        if len({name for _, name in self.vendors}) > 1:
            doc = sent.doc
            lo = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
            near = [name for start, name in self.vendors if lo <= start < char]
            if near:
                return near[-1]
        return self.main_vendor

    def dates_in(self, span: Span) -> list[DateMention]:
        """Narrative dates inside ``span``, with offsets relative to ``span.text``."""
        a, b = span.start_char, span.end_char
        starts = self.__dict__.get("_starts")
        if starts is None or len(starts) != len(self.dates):  # dates are in text order
            starts = self.__dict__["_starts"] = [m.start for m in self.dates]
        out = []
        for m in self.dates[bisect_left(starts, a):bisect_left(starts, b)]:
            if m.end <= b:
                out.append(DateMention(m.start - a, m.end - a, m.text, m.date, m.is_start_candidate,
                                       m.explicit_year, m.kind))
        return out


def _chamber_state(places: list[str], text: str) -> str | None:
    """The US state a bare "Senate"/"House" belongs to: the most-named state of a text that
    never names the US Congress; else None."""
    from ..vocab import get_vocabulary
    from .actor import FEDERAL

    if FEDERAL.search(text):
        return None
    vocab = get_vocabulary()
    for name in places:
        entry = vocab.lookup(name, "JURISDICTION")
        if entry is not None and entry.kind == "state":
            return entry.name
    return None


def _regions(doc: Doc) -> set[int]:
    """Start chars of continents ("across Europe"): places without a government, no actors."""
    from ..vocab import get_vocabulary

    vocab = get_vocabulary()
    out = set()
    for ent in doc.ents:
        if ent.label_ == "JURISDICTION":
            entry = vocab.lookup(ent.kb_id_ or ent.text, "JURISDICTION")
            if entry is not None and entry.kind == "continent":
                out.add(ent.start_char)
    return out


def _datelines(doc: Doc, text: str, dates: list[DateMention]) -> set[int]:
    """Start chars of places that open a line with a date ("Boston, July 14, 2022 --")."""
    out = set()
    for ent in doc.ents:
        if ent.label_ != "JURISDICTION" or (ent.start and "\n" not in doc[ent.start - 1].text
                                                            and "\n" not in doc[ent.start - 1].whitespace_):
            continue
        wire = WIRE_DATELINE.match(text[ent.end_char:ent.end_char + 60])
        if wire:  # the place and the agency in brackets ("(Reuters)") are no actors
            end = ent.end_char + wire.end()
            out.add(ent.start_char)
            out.update(t.idx for t in doc.char_span(ent.start_char, end, alignment_mode="expand") or ())
            continue
        nxt = next((m for m in dates if m.start >= ent.end_char), None)
        if nxt and nxt.explicit_year and nxt.start - ent.end_char < 30 \
                and DATELINE_GAP.match(text[ent.end_char:nxt.start]):
            out.add(ent.start_char)
    return out
