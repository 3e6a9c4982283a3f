"""Laws and bills with their stage history, read from their documents at query time.

A bill's document carries what its source says of it: Open States actions (each with a
date and classifications), Legistar matter dates (introduced, passed, enacted) and status,
congress.gov's latest action; its text may add an effective, expiry or repeal date. From
these a :class:`LawRecord` gets its dated stages, and a measure taken from the bill gets a
status that follows it (see :func:`measure_status`): proposed, enacted, in force, expired,
repealed or failed. A measure's start is its effective date, else its enactment date;
never the day the bill was introduced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kb.constants import LawStage, MeasureStatus

LEGISLATIVE_KINDS = ("bill", "ordinance", "record", "regulation", "resolution")
# Open States action classifications -> stages.
OPENSTATES = {
    "introduction": LawStage.INTRODUCED, "filing": LawStage.INTRODUCED,
    "passage": LawStage.PASSED_CHAMBER,
    "executive-signature": LawStage.ENACTED, "became-law": LawStage.ENACTED,
    "executive-veto": LawStage.VETOED, "veto-override-failure": LawStage.VETOED,
    "failure": LawStage.FAILED, "withdrawal": LawStage.FAILED,
}
# Action or status descriptions (congress.gov latest actions, Legistar status names).
DESCRIBED = [
    (re.compile(r"became (?:public|private) law|signed by (?:the )?(?:president|governor|mayor)|"
                r"approved by (?:the )?(?:governor|mayor)|chaptered|enacted", re.I), LawStage.ENACTED),
    (re.compile(r"vetoed|veto message", re.I), LawStage.VETOED),
    (re.compile(r"\b(?:failed|killed|withdrawn|died|tabled indefinitely|indefinitely postponed)\b", re.I),
     LawStage.FAILED),
    (re.compile(r"repeal", re.I), LawStage.REPEALED),
    (re.compile(r"finally passed|final passage|adopted|passed (?:both|the legislature)", re.I), LawStage.PASSED),
    (re.compile(r"passed|agreed to", re.I), LawStage.PASSED_CHAMBER),
    (re.compile(r"introduced|referred to|read (?:the )?(?:first|twice)|first reading", re.I), LawStage.INTRODUCED),
]
LOCAL = re.compile(r"municipality|city|county|town|village|borough", re.I)
LOCAL_IDS = re.compile(r"^(?:file\b|ordinance\b|resolution\b|council bill\b|cb\b|intro\b)", re.I)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = rf"((?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
TEXT_STAGES = [
    (re.compile(rf"\b(?:takes?|took|goes|go|went)\s+(?:into\s+)?effect\s+(?:on\s+)?{_DATE}|"
                rf"\beffective\s+(?:on\s+|as\s+of\s+)?{_DATE}|\bcomes?\s+into\s+force\s+(?:on\s+)?{_DATE}|"
                rf"\b(?:beginning|starting|commencing|on\s+and\s+after)\s+{_DATE}", re.I),
     LawStage.EFFECTIVE),
    (re.compile(rf"\b(?:expires?|sunsets?|lapses?|remains?\s+in\s+effect\s+until)\s+(?:on\s+)?{_DATE}", re.I),
     LawStage.EXPIRED),
    (re.compile(rf"\brepealed\s+(?:on\s+)?{_DATE}", re.I), LawStage.REPEALED),
]
ORDER = list(LawStage)


@dataclass
class StageEvent:
    stage: LawStage
    date: date | None
    description: str
    source: str  # "actions", "record", "latest action" or "text"

    def as_dict(self) -> dict[str, Any]:
        return {"stage": str(self.stage), "date": self.date.isoformat() if self.date else None,
                "description": self.description, "source": self.source}


@dataclass
class LawRecord:
    """A bill, ordinance or regulation and what happened to it."""

    identifier: str | None
    jurisdiction: str | None
    title: str | None
    session: str | None
    local: bool
    stages: list[StageEvent] = field(default_factory=list)
    latest_action: str | None = None
    latest_action_date: date | None = None

    def first(self, stage: LawStage) -> date | None:
        dates = [e.date for e in self.stages if e.stage == stage and e.date]
        return min(dates) if dates else None

    def has(self, stage: LawStage) -> bool:
        return any(e.stage == stage for e in self.stages)

    @property
    def stage(self) -> LawStage | None:
        """The furthest stage reached (failure, veto and repeal end a bill's course)."""
        for end in (LawStage.REPEALED, LawStage.FAILED):
            if self.has(end):
                return end
        if self.has(LawStage.VETOED) and not self.has(LawStage.ENACTED):
            return LawStage.VETOED
        reached = [e.stage for e in self.stages if e.stage not in (LawStage.VETOED,)]
        return max(reached, key=ORDER.index) if reached else None

    @property
    def enacted(self) -> date | None:
        return self.first(LawStage.ENACTED)

    @property
    def effective(self) -> date | None:
        return self.first(LawStage.EFFECTIVE)

    def as_dict(self) -> dict[str, Any]:
        stage = self.stage  # worked out once
        return {"identifier": self.identifier, "jurisdiction": self.jurisdiction, "title": self.title,
                "session": self.session, "stage": str(stage) if stage else None,
                "enacted": _iso(self.enacted), "effective": _iso(self.effective),
                "latest_action": self.latest_action, "latest_action_date": _iso(self.latest_action_date),
                "stages": [e.as_dict() for e in sorted(self.stages, key=_event_order)]}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _event_order(e: StageEvent) -> tuple:
    return (e.date or date.max, ORDER.index(e.stage))


def parse_date(value: Any) -> date | None:
    """A date from an ISO string, a datetime, "May 14, 2019", or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.strptime(re.sub(r"\s+", " ", text), "%B %d, %Y").date()
    except ValueError:
        return None


def is_legislative(kind: str | None, source_kind: str | None) -> bool:
    return (kind or "") in LEGISLATIVE_KINDS or (source_kind or "") in ("legislature", "regulator")


def stored_stages(text: str | None, kind: str | None, source_kind: str | None) -> list[list[str]] | None:
    """What the store keeps with a version: the text's stages for a legislative document,
    None for any other (not read as a law; parsed on read should that change)."""
    return text_stages(text) if is_legislative(kind, source_kind) else None


def text_stages(text: str | None) -> list[list[str]]:
    """The dated stages a text states (effective, expiry, repeal), as JSON-ready
    ``[stage, ISO date, the words]`` triples: what the store keeps with each version."""
    return [[str(e.stage), e.date.isoformat(), e.description] for e in _from_text(text or "")]


def _stored(rows: list) -> list[StageEvent]:
    out = []
    for stage, when, words in rows:
        out.append(StageEvent(LawStage(stage), date.fromisoformat(when), words, "text"))
    return out


def law_record(meta: dict[str, Any], text: str | None, *, title: str | None = None,
               kind: str | None = None, source_jurisdiction: str | None = None,
               stored_stages: list | None = None) -> LawRecord:
    """The law a legislative document describes, with its stages.

    Args:
        meta: the document's metadata (from the source's field map: ``identifier``,
            ``jurisdiction``, ``jurisdiction_level``, ``session``, ``actions``, ``latest_action``,
            ``latest_action_date``, Legistar ``intro_date``/``passed_date``/``enactment_date``/
            ``status``).
        text: the document text (effective, expiry and repeal dates); not read when
            ``stored_stages`` (what :func:`text_stages` found in it when it was stored) is given.
    """
    identifier = law_identifier(meta)
    level = str(meta.get("jurisdiction_level") or "")
    local = bool(LOCAL.search(level)) or bool(identifier and LOCAL_IDS.match(str(identifier))) \
        or kind == "ordinance"
    law = LawRecord(identifier=identifier, jurisdiction=meta.get("jurisdiction") or source_jurisdiction,
                    title=title, session=meta.get("session") or meta.get("congress"), local=local,
                    latest_action=meta.get("latest_action"),
                    latest_action_date=parse_date(meta.get("latest_action_date")))
    described = " ".join([str(meta.get("latest_action") or "")] + [
        str(a.get("description") or "") for a in meta.get("actions") or [] if isinstance(a, dict)])
    in_text = _stored(stored_stages) if stored_stages is not None else _from_text(text or "")
    law.stages = _from_actions(meta.get("actions"), local) + _from_record(meta, local) + _distinct(
        in_text + _from_text(described))
    if not meta.get("actions") and law.latest_action:
        for rx, stage in DESCRIBED:
            if rx.search(law.latest_action):
                law.stages.append(StageEvent(stage, law.latest_action_date, law.latest_action, "latest action"))
                break
    law.stages = _distinct(law.stages)
    if local:  # a council's passage is the whole legislature's, and its ordinance is law
        for e in list(law.stages):
            if e.stage in (LawStage.PASSED_CHAMBER, LawStage.PASSED):
                e.stage = LawStage.PASSED
        passed = [e for e in law.stages if e.stage == LawStage.PASSED and e.date]
        if passed and not law.has(LawStage.ENACTED):
            last = max(passed, key=lambda e: e.date)
            law.stages.append(StageEvent(LawStage.ENACTED, last.date, last.description, last.source))
    law.stages = _distinct(law.stages)
    return law


def _distinct(events: list[StageEvent]) -> list[StageEvent]:
    """One event per stage and date ("executive-signature" and "became-law" on one action)."""
    seen, out = set(), []
    for e in events:
        if (e.stage, e.date) not in seen:
            seen.add((e.stage, e.date))
            out.append(e)
    return out


def law_identifier(meta: dict[str, Any]) -> Any:
    """A law's identifier from its document's metadata: the source's identifier or file
    number, else one made from a Congress.gov bill's congress, type and number."""
    return meta.get("identifier") or meta.get("file") or _congress_id(meta)


def _congress_id(meta: dict[str, Any]) -> str | None:
    if meta.get("type") and meta.get("number"):
        return f"{meta['type']} {meta['number']}"
    return None


def _from_actions(actions: Any, local: bool) -> list[StageEvent]:
    out: list[StageEvent] = []
    if not isinstance(actions, list):
        return out
    passages = 0
    for action in sorted((a for a in actions if isinstance(a, dict)), key=lambda a: str(a.get("date") or "")):
        when = parse_date(action.get("date"))
        desc = str(action.get("description") or "")
        for cls in action.get("classification") or []:
            stage = OPENSTATES.get(cls)
            if stage is None:
                continue
            if stage == LawStage.PASSED_CHAMBER:
                passages += 1
                if passages >= 2 or re.search(r"finally passed|final passage", desc, re.I):
                    stage = LawStage.PASSED
            out.append(StageEvent(stage, when, desc, "actions"))
    return out


def _from_record(meta: dict[str, Any], local: bool) -> list[StageEvent]:
    """Legistar-style record dates and status."""
    out = []
    for key, stage in (("intro_date", LawStage.INTRODUCED), ("passed_date", LawStage.PASSED),
                       ("enactment_date", LawStage.ENACTED)):
        when = parse_date(meta.get(key))
        if when:
            out.append(StageEvent(stage, when, key.replace("_", " "), "record"))
    status = meta.get("status")
    if status:
        for rx, stage in DESCRIBED:
            if rx.search(str(status)) and stage in (LawStage.FAILED, LawStage.VETOED, LawStage.REPEALED):
                out.append(StageEvent(stage, parse_date(meta.get("status_date")), str(status), "record"))
                break
    return out


def _from_text(text: str) -> list[StageEvent]:
    out, seen = [], set()
    for rx, stage in TEXT_STAGES:
        for m in rx.finditer(text or ""):
            raw = next(g for g in m.groups() if g)
            when = parse_date(raw)
            if when and (stage, when) not in seen:
                seen.add((stage, when))
                out.append(StageEvent(stage, when, m.group(0), "text"))
    return out


def measure_status(law: LawRecord, start: date | None, end: date | None,
                   as_of: date | None = None) -> tuple[MeasureStatus, date | None]:
    """Status of a measure taken from ``law``, and the start it really has.

    The start is the measure's own stated start if it falls on or after the enactment
    (an effective date such as "takes effect January 1, 2020"), else the law's effective
    date, else its enactment date; a proposed measure has no start.
    """
    as_of = as_of or date.today()
    if law.has(LawStage.REPEALED):
        return MeasureStatus.REPEALED, _start(law, start)
    if law.has(LawStage.FAILED) or (law.has(LawStage.VETOED) and not law.has(LawStage.ENACTED)):
        return MeasureStatus.FAILED, None
    if not law.has(LawStage.ENACTED):
        return MeasureStatus.PROPOSED, None
    begins = _start(law, start)
    ends = end or law.first(LawStage.EXPIRED)
    if begins and begins > as_of:
        return MeasureStatus.ENACTED, begins
    if ends and ends < as_of:
        return MeasureStatus.EXPIRED, begins
    return MeasureStatus.IN_FORCE, begins


def _start(law: LawRecord, start: date | None) -> date | None:
    enacted = law.enacted
    if start and (enacted is None or start >= enacted):
        return start
    return law.effective or enacted
