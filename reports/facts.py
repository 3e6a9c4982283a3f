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
    read_facts: Callable[[list[dict[str, Any]], list[dict[str, Any]]], None] | None = None
    """With ``outlines``: make these commitment and finding facts or reports whole, in place."""

    def complete_facts(self, commitments: list[dict[str, Any]], findings: list[dict[str, Any]] = ()) -> None:
        """Make the outlined facts or reports among these whole, in place: their quote, URL
        and fetch time (load(outlines=True) reads every fact's and report's fields, statuses
        and dates, not its quote or citation). A fact's reports are other entries."""
        if self.read_facts is not None and (commitments or findings):
            self.read_facts(list(commitments), list(findings))

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


gc_paused = queries.gc_paused
"""No cyclic garbage collection within the block (kb.queries.gc_paused): a report reads
hundreds of thousands of rows and facts, none in a cycle."""


def load(session: Session, as_of: date, *, outlines: bool = False) -> KBFacts:
    """Facts (one entry per promise, measure or finding) with the fields reports add:
    ``kind`` ("measure" or "vendor"), ``jurisdiction`` and, on findings, ``vendor_name``.

    ``outlines``: each law has only its identifier, jurisdiction and document id until
    :meth:`KBFacts.complete` reads it whole, and each fact lacks its quotes and its reports'
    URLs and fetch times (None) until :meth:`KBFacts.complete_facts` reads them; both need
    ``session`` still open (a briefing shows a few of thousands of bills and facts)."""
    with gc_paused():
        return _load(session, as_of, outlines)


def _load(session: Session, as_of: date, outlines: bool) -> KBFacts:
    judged = fact_judgements(session)
    with queries.law_records_cached(session):  # the laws, then the measures taken from them
        laws = queries.law_outlines(session) if outlines else queries.laws(session)
        commitments = queries.stored_commitment_facts(
            session, queries.commitments(session, as_of=as_of, light=outlines), judged)
    law_place = {law["identifier"]: law["jurisdiction"] for law in laws if law["identifier"]}
    types = report_queries.actor_types(session)
    for c in commitments:
        government = bool(c.get("law")) or c.get("source_kind") in GOVERNMENT_SOURCES \
            or types.get(c.get("actor") or "") in GOVERNMENT_TYPES
        c["kind"] = "measure" if government else "vendor"
        c["jurisdiction"] = (law_place.get(c.get("law")) or c.get("actor")) if government else None
    makers = report_queries.product_vendors(session)
    findings = queries.stored_finding_facts(queries.findings(session, light=outlines), judged)
    for f in findings:
        f["vendor_name"] = f.get("vendor") or makers.get((f.get("system") or "").lower())
    return KBFacts(as_of, commitments, findings, laws, makers, _law_reader(session) if outlines else None,
                   _fact_reader(session) if outlines else None)


def _fact_reader(session: Session) -> Callable[[list[dict[str, Any]], list[dict[str, Any]]], None]:
    def read(commitments: list[dict[str, Any]], findings: list[dict[str, Any]]) -> None:
        queries.fill_commitments(session, commitments)
        queries.fill_findings(session, findings)
    return read


def _law_reader(session: Session) -> Callable[[list[int]], dict[int, dict[str, Any]]]:
    def read(ids: list[int]) -> dict[int, dict[str, Any]]:
        return {law["document_id"]: law for law in queries.laws(session, documents=ids)}
    return read


def fact_date(row: dict[str, Any]) -> str | None:
    """The day a commitment fact starts (or was announced)."""
    return row.get("start") or row.get("announced")


def finding_date(row: dict[str, Any]) -> str | None:
    """When a finding became known: the earliest date among its reports' documents."""
    dates = [r["published"] for r in row.get("reports", []) if r.get("published")]
    return min(dates) if dates else row.get("published")


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
