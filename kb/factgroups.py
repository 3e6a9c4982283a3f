"""Reports resolved into facts: one real-world promise, measure or finding per group.

What extraction finds in one document is a *report*. Reports belong to one fact when the
actor resolves to the same place or organisation (a city and its council or board, a
company and its subsidiary), the action class and scope agree, and the dates agree at their
precision ("May 2019" agrees with 2019-05-14; day dates within a week) or the law
identifier is the same. A report without a date joins its actor's only fact of that class,
else stands alone (two undated bans are not known to be one). The fact's fields come from
its primary report (the vendor's own statement, the legislature's or regulator's record)
when there is one, else from its earliest report; fields on which reports disagree are
listed in ``disagreements``.

Findings are one fact per study, system, metric, group and value, whatever document
repeats them.

Blocking keeps this near-linear: reports are compared only within their (actor, class)
block, in date order, against each fact's first dated report.
"""

from __future__ import annotations

import functools
import gc
import re
from datetime import date, timedelta
from typing import Any

# Action classes that, for one actor, name the same kind of promise or measure.
CLASS = {"ban": "hold", "moratorium": "hold", "pause": "hold", "no_sale": "hold"}
# Scopes that overlap: a city's ban on "government" use covers its police.
OVERLAPPING = {"police", "law_enforcement", "government"}
# "<place> Board of Supervisors", "<place> City Council": the place acts through its body.
BODY = re.compile(r"\s+(?:city\s+council|county\s+council|town\s+council|board\s+of\s+supervisors|"
                  r"county\s+board(?:\s+of\s+supervisors)?|city\s+commission|county\s+commission|"
                  r"council|legislature|state\s+legislature|general\s+assembly|assembly|senate|"
                  r"board\s+of\s+(?:aldermen|commissioners))$", re.IGNORECASE)
DAY_TOLERANCE = timedelta(days=7)
PRIMARY = {"vendor": {"vendor"}, "government": {"legislature", "regulator"}}


@functools.lru_cache(maxsize=1 << 16)
def actor_key(actor: str | None) -> str:
    """The place or organisation an actor name stands for ("San Francisco Board of
    Supervisors" -> "san francisco")."""
    name = (actor or "").strip()
    place = BODY.sub("", name)
    return (place or name).lower()


@functools.lru_cache(maxsize=1 << 16)
def _day(value: str | None) -> tuple[date | None, str | None]:
    """A shown date ("2019-05", "2019", "2019-05-14") as (first day, precision)."""
    if not value:
        return None, None
    if len(value) == 4:
        return date(int(value), 1, 1), "year"
    if len(value) == 7:
        return date(int(value[:4]), int(value[5:7]), 1), "month"
    return date.fromisoformat(value[:10]), "day"


def dates_agree(a: str | None, b: str | None) -> bool:
    """Two shown dates agree at the coarser of their precisions (days: within a week)."""
    da, pa = _day(a)
    db, pb = _day(b)
    if da is None or db is None:
        return False
    if "year" in (pa, pb):
        return da.year == db.year
    if "month" in (pa, pb):
        return (da.year, da.month) == (db.year, db.month)
    return abs(da - db) <= DAY_TOLERANCE


def scopes_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or {a, b} <= OVERLAPPING


def commitment_facts(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Commitment rows grouped into facts; each group is oldest first (facts in no set order)."""
    enabled = gc.isenabled()
    gc.disable()  # no cycles are made here; collections over many live rows cost superlinear time
    try:
        return _commitment_facts(rows)
    finally:
        if enabled:
            gc.enable()


def _commitment_facts(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    blocks: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        key = (actor_key(row.get("actor")), CLASS.get(row["action"], row["action"]))
        blocks.setdefault(key, []).append(row)
    facts: list[list[dict[str, Any]]] = []
    for block in blocks.values():
        dated = sorted((r for r in block if r.get("start") or r.get("law")),
                       key=lambda r: (r.get("start") or "9999", r["id"]))
        undated = [r for r in block if not (r.get("start") or r.get("law"))]
        groups: list[_Group] = []
        for row in dated:
            home = next((g for g in groups if g.takes(row)), None)
            if home is None:
                groups.append(_Group(row))
            else:
                home.add(row)
        for row in undated:
            fits = [g for g in groups if all(scopes_agree(x, row.get("scope")) for x in g.scopes)]
            if len(fits) == 1:
                fits[0].add(row)
            else:
                groups.append(_Group(row))
        facts.extend(g.rows for g in groups)
    for group in facts:
        group.sort(key=lambda r: (r.get("start") or r.get("announced") or "9999", r["id"]))
    return facts  # in block order: callers sort what they show


class _Group:
    """A fact being built: its reports, their scopes and laws, and its first dated start."""

    __slots__ = ("rows", "scopes", "laws", "first")

    def __init__(self, row: dict[str, Any]) -> None:
        self.rows, self.scopes, self.laws, self.first = [], set(), set(), None
        self.add(row)

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if row.get("scope"):
            self.scopes.add(row["scope"])
        if row.get("law"):
            self.laws.add(row["law"])
        if self.first is None and row.get("start"):
            self.first = row["start"]

    def takes(self, row: dict[str, Any]) -> bool:
        if not all(scopes_agree(x, row.get("scope")) for x in self.scopes):
            return False
        if row.get("law") and row["law"] in self.laws:
            return True
        if row.get("law") and self.laws:
            return False  # two different bills are two measures
        return bool(row.get("start") and self.first and dates_agree(self.first, row["start"]))


def primary_report(group: list[dict[str, Any]]) -> dict[str, Any]:
    """The report that speaks for the fact: the actor's own statement or the legislature's
    or regulator's record, else the earliest report."""
    for wanted in (lambda r: r.get("law"), lambda r: r.get("source_kind") in PRIMARY["government"],
                   lambda r: r.get("source_kind") in PRIMARY["vendor"]):
        for row in group:
            if wanted(row):
                return row
    return group[0]


def disagreements(group: list[dict[str, Any]], fields: tuple[str, ...] = ("start", "end", "scope")) -> dict:
    """Fields on which the fact's reports give different values, each with the values."""
    out = {}
    for name in fields:
        values = sorted({str(r.get(name)) for r in group if r.get(name)})
        if len(values) > 1:
            out[name] = values
    return out


def finding_key(row: dict[str, Any]) -> tuple:
    """One finding per study, system, metric, group and value."""
    value = row.get("value")
    return ((row.get("study") or "").lower(), (row.get("system") or row.get("vendor") or "").lower(),
            row.get("metric"), (row.get("group") or "").lower(),
            round(float(value), 2) if value is not None else None)


def finding_facts(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Finding rows grouped into facts, in first-report order. A report that names no study
    (a news story citing the result) joins the one named study's finding with the same
    system, metric, group and value."""
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(finding_key(row), []).append(row)
    named: dict[tuple, list[tuple]] = {}
    for key in groups:
        if key[0]:
            named.setdefault(key[1:], []).append(key)
    for key in [k for k in groups if not k[0]]:
        owners = named.get(key[1:], [])
        if len(owners) == 1:
            groups[owners[0]].extend(groups.pop(key))
    return list(groups.values())
