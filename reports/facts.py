"""What the reports read from the knowledge base, read once: commitment and finding facts,
laws, and how they relate (measure or vendor promise, jurisdiction, vendor of a finding).

Every report (briefing, benchmarks, timeline) builds on :func:`load`, so they agree on
which fact is a measure, which vendor a finding is about and what a filter keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from kb import queries, report_queries
from kb.judgements import fact_judgements

GOVERNMENT_TYPES = {"JURISDICTION", "LEGISLATURE", "AGENCY"}
GOVERNMENT_SOURCES = {"legislature", "regulator"}


@dataclass
class KBFacts:
    as_of: date
    commitments: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    laws: list[dict[str, Any]]
    product_vendor: dict[str, str]
    read_laws: Callable[[list[int]], dict[int, dict[str, Any]]] | None = None
    """With ``outlines``: the whole of the laws of these documents (kb.queries.laws)."""

    def complete(self, laws: list[dict[str, Any]]) -> None:
        """Make the outlined laws among ``laws`` whole, in place (load(outlines=True) reads
        every law's identifier and jurisdiction only)."""
        todo = [law for law in laws if "stages" not in law]
        if todo and self.read_laws is not None:
            whole = self.read_laws([law["document_id"] for law in todo])
            for law in todo:
                full = whole[law["document_id"]]
                law.clear()
                law.update(full)


def load(session: Session, as_of: date, *, outlines: bool = False) -> KBFacts:
    """Facts (one entry per promise, measure or finding) with the fields reports add:
    ``kind`` ("measure" or "vendor"), ``jurisdiction`` and, on findings, ``vendor_name``.

    ``outlines``: each law has only its identifier, jurisdiction and document id until
    :meth:`KBFacts.complete` reads it whole, which needs ``session`` still open (a briefing
    shows a few of thousands of bills)."""
    judged = fact_judgements(session)
    with queries.law_records_cached(session):  # the laws, then the measures taken from them
        laws = queries.law_outlines(session) if outlines else queries.laws(session)
        commitments = queries.commitment_facts_listed(session, judged, as_of=as_of)
    law_place = {law["identifier"]: law["jurisdiction"] for law in laws if law["identifier"]}
    types = report_queries.actor_types(session)
    for c in commitments:
        government = bool(c.get("law")) or c.get("source_kind") in GOVERNMENT_SOURCES \
            or types.get(c.get("actor") or "") in GOVERNMENT_TYPES
        c["kind"] = "measure" if government else "vendor"
        c["jurisdiction"] = (law_place.get(c.get("law")) or c.get("actor")) if government else None
    makers = report_queries.product_vendors(session)
    findings = queries.finding_facts_listed(session, judged)
    for f in findings:
        f["vendor_name"] = f.get("vendor") or makers.get((f.get("system") or "").lower())
    return KBFacts(as_of, commitments, findings, laws, makers, _law_reader(session) if outlines else None)


def _law_reader(session: Session) -> Callable[[list[int]], dict[int, dict[str, Any]]]:
    def read(ids: list[int]) -> dict[int, dict[str, Any]]:
        return {law["document_id"]: law for law in queries.laws(session, documents=ids)}
    return read


def fact_date(row: dict[str, Any]) -> str | None:
    """The day a commitment fact starts (or was announced)."""
    return row.get("start") or row.get("announced")


def finding_date(row: dict[str, Any]) -> str | None:
    """When a finding became known: the earliest date among its reports' documents."""
    dates = sorted(r["published"] for r in row.get("reports", []) if r.get("published"))
    return dates[0] if dates else row.get("published")


def contains(haystack: str | None, needle: str | None) -> bool:
    """Case-insensitive substring test; an empty needle matches everything."""
    return not needle or needle.lower() in (haystack or "").lower()


def in_window(days: list[str | None], since: date | None, until: date | None) -> bool:
    """Some day among ``days`` (ISO, or reduced "2019-05"/"2019") lies in [since, until]."""
    if since is None and until is None:
        return True
    for day in days:
        if not day:
            continue
        first, last = span(day)
        if (since is None or last >= since) and (until is None or first <= until):
            return True
    return False


def span(day: str) -> tuple[date, date]:
    """The first and last day a shown date can mean ("2019-05" is all of May 2019)."""
    if len(day) == 4:
        return date(int(day), 1, 1), date(int(day), 12, 31)
    if len(day) == 7:
        y, m = int(day[:4]), int(day[5:7])
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date(y, m, 1), date.fromordinal(nxt.toordinal() - 1)
    d = date.fromisoformat(day[:10])
    return d, d


def commitment_days(c: dict[str, Any]) -> list[str | None]:
    """Every day on which something happened to a commitment fact (start, end, reports)."""
    return [c.get("start"), c.get("announced"), c.get("end")] + [r.get("published") for r in c["reports"]]
