"""The briefing an analyst hands on: an executive summary first (in force now, changed
since a day, expiring soon), then measures by jurisdiction and stage, vendor commitments by
status, key findings with their disparity ratios, and a numbered source list that every
fact points to (quote, URL, fetch date).

The context depends only on the knowledge base, the filters and the as-of day, and every
list has a stable order, so the same knowledge base and ``--as-of`` give the same bytes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kb.constants import CommitmentStatus, MeasureStatus
from kb.errors import KBError
from kb.status import EXPIRING_WINDOW
from reports.facts import KBFacts, commitment_days, contains, fact_date, finding_date, in_window
from reports.ratios import HOW, disparity

CHANGED_DEFAULT = timedelta(days=90)
VENDOR_ORDER = [CommitmentStatus.ACTIVE, CommitmentStatus.EXPIRING, CommitmentStatus.ANNOUNCED,
                CommitmentStatus.EXTENDED, CommitmentStatus.SUPERSEDED, CommitmentStatus.EXPIRED]
MEASURE_ORDER = [MeasureStatus.IN_FORCE, MeasureStatus.ENACTED, MeasureStatus.PROPOSED,
                 MeasureStatus.EXPIRED, MeasureStatus.REPEALED, MeasureStatus.FAILED]
IN_FORCE = {str(MeasureStatus.IN_FORCE), str(CommitmentStatus.ACTIVE), str(CommitmentStatus.EXPIRING)}


class Sources:
    """The numbered source list: one entry per (document, quote), numbered in the order the
    briefing first cites them."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self._index: dict[tuple, int] = {}

    def cite(self, report: dict[str, Any], quote: str | None) -> int:
        key = (report.get("document_id"), report.get("url"), quote or "")
        if key not in self._index:
            self.entries.append({"n": len(self.entries) + 1, "quote": quote, "title": report.get("title"),
                                 "url": report.get("url"), "fetched": (report.get("fetched_at") or "")[:10]})
            self._index[key] = len(self.entries)
        return self._index[key]


MAX_ITEMS = 25
"""Each list of the briefing shows at most this many entries by default (``--max-items``):
a briefing is read, so on a large knowledge base it shows the newest (or, for findings, the
largest disparities) and says how many more there are and how to narrow it."""
REPORTS_SHOWN = 3
"""Quotes shown per fact (the primary report first); the others are counted."""


def briefing_context(kb: KBFacts, *, actor: str | None = None, jurisdiction: str | None = None,
                     since: date | None = None, until: date | None = None,
                     max_items: int | None = MAX_ITEMS) -> dict[str, Any]:
    """Everything the briefing templates (and the DOCX writer) render.

    Args:
        max_items: the most entries a list shows (jurisdictions, each status group, laws,
            findings, the summary's lists); None or 0 shows everything. What is left out is
            counted (``more`` fields) and the summary's counts are always whole.

    Raises:
        KBError: when ``since`` is after ``until``.
    """
    if since and until and since > until:
        raise KBError(f"--since {since} is after --until {until}")
    cap = max_items or None
    facts = [c for c in kb.commitments if _keep_commitment(c, actor, jurisdiction, since, until)]
    kept_laws = {c.get("law") for c in facts if c.get("law")}
    if since or until:  # the window reads every law's stages
        kb.complete(kb.laws)
    laws = [law for law in kb.laws if _keep_law(law, kept_laws, actor, jurisdiction, since, until)]
    kb.complete([law for law in laws if law.get("identifier") in kept_laws])  # _changed reads them
    findings = []
    for f in [] if jurisdiction else kb.findings:
        if not (contains(f.get("vendor_name"), actor) or contains(f.get("system"), actor)):
            continue
        day = finding_date(f)
        if in_window([day], since, until):
            findings.append({**f, **disparity(f), "date": day})
    findings.sort(key=lambda f: (-(f["ratio"] or 0), f["ratio"] is None, (f.get("study") or "").lower(), f["id"]))
    sources = Sources()
    changed_since = since or (kb.as_of - CHANGED_DEFAULT)
    summary = {"in_force": [c for c in facts if c["status"] in IN_FORCE],
               "changed": _changed(facts, laws, changed_since, kb.as_of),
               "expiring": [c for c in facts if _expiring(c, kb.as_of)]}
    jurisdictions = _by_jurisdiction([c for c in facts if c["kind"] == "measure"], laws)
    vendor_statuses = _by_status([c for c in facts if c["kind"] == "vendor"], VENDOR_ORDER)
    counts = {k: len(v) for k, v in summary.items()}
    summary["in_force"], summary["expiring"] = _newest(summary["in_force"], cap), _newest(summary["expiring"], cap)
    summary["changed"] = summary["changed"][:cap]  # newest first already
    more = {"summary": {k: counts[k] - len(summary[k]) for k in counts}, "findings": 0,
            "jurisdictions": None}
    if cap and len(jurisdictions) > cap:  # the busiest places, shown in name order
        busiest = sorted(jurisdictions, key=lambda j: (-_size(j), j["name"].lower()))
        hidden = busiest[cap:]
        more["jurisdictions"] = {"n": len(hidden), "facts": sum(_size(j) for j in hidden)}
        kept = {id(j) for j in busiest[:cap]}
        jurisdictions = [j for j in jurisdictions if id(j) in kept]
    for j in jurisdictions:
        for group in j["statuses"]:
            _cap_group(group, cap)
        j["more_laws"] = max(0, len(j["laws"]) - (cap or len(j["laws"])))
        j["laws"] = _newest(j["laws"], cap)
    kb.complete([law for j in jurisdictions for law in j["laws"]])  # the laws shown
    for group in vendor_statuses:
        _cap_group(group, cap)
    more["findings"] = max(0, len(findings) - (cap or len(findings)))
    findings = findings[:cap]  # the largest disparities first
    # the facts shown and the reports they quote, read whole (an outlined KB has only their
    # statuses and dates); a finding cites every report
    shown = (summary["in_force"] + [x["fact"] for x in summary["changed"]] + summary["expiring"]
             + [c for j in jurisdictions for group in j["statuses"] for c in group["facts"]]
             + [c for group in vendor_statuses for c in group["facts"]])
    kb.complete_facts(shown + [r for c in shown for r in c["reports"][:REPORTS_SHOWN]],
                      findings + [r for f in findings for r in f["reports"]])
    # number the sources in the order the briefing first cites them
    for c in summary["in_force"] + [x["fact"] for x in summary["changed"]] + summary["expiring"]:
        _cite_fact(sources, c)
    for j in jurisdictions:
        for group in j["statuses"]:
            for c in group["facts"]:
                _cite_fact(sources, c)
        for law in j["laws"]:
            law["notes"] = [sources.cite(law, law.get("latest_action") or law.get("title"))]
    for group in vendor_statuses:
        for c in group["facts"]:
            _cite_fact(sources, c)
    for f in findings:
        f["notes"] = [sources.cite(r, r.get("quote")) for r in f["reports"]]
    return {"as_of": kb.as_of.isoformat(), "summary": summary, "counts": counts, "more": more,
            "max_items": cap, "changed_since": changed_since.isoformat(),
            "jurisdictions": jurisdictions, "vendor_statuses": vendor_statuses, "findings": findings,
            "sources": sources.entries, "ratio_how": HOW,
            "filters": {"actor": actor, "jurisdiction": jurisdiction,
                        "since": since.isoformat() if since else None,
                        "until": until.isoformat() if until else None}}


def _cite_fact(sources: Sources, c: dict[str, Any]) -> None:
    if "notes" not in c:
        c["shown"] = c["reports"][:REPORTS_SHOWN]
        c["more_reports"] = len(c["reports"]) - len(c["shown"])
        c["notes"] = [sources.cite(r, r.get("quote")) for r in c["shown"]]


def _newest(items: list, cap: int | None) -> list:
    """The last ``cap`` of a list in date order (the newest), in the same order."""
    return items[-cap:] if cap and len(items) > cap else items


def _cap_group(group: dict[str, Any], cap: int | None) -> None:
    group["total"] = len(group["facts"])
    group["facts"] = _newest(group["facts"], cap)
    group["more"] = group["total"] - len(group["facts"])


def _size(j: dict[str, Any]) -> int:
    return sum(len(g["facts"]) for g in j["statuses"]) + len(j["laws"])


def _keep_commitment(c, actor, jurisdiction, since, until) -> bool:
    if actor and not (contains(c.get("actor"), actor) or contains(c.get("target"), actor)):
        return False
    if jurisdiction and not (c["kind"] == "measure" and contains(c.get("jurisdiction"), jurisdiction)):
        return False
    return in_window(commitment_days(c), since, until)


def _keep_law(law, kept_laws, actor, jurisdiction, since, until) -> bool:
    if jurisdiction and not contains(law.get("jurisdiction"), jurisdiction):
        return False
    if actor and law.get("identifier") not in kept_laws and not contains(law.get("jurisdiction"), actor):
        return False
    if since is None and until is None:  # no window to test: an outlined law's stages are not read
        return True
    return in_window([s["date"] for s in law["stages"]] + [law.get("latest_action_date")], since, until)


def _changed(facts, laws, since: date, as_of: date) -> list[dict[str, Any]]:
    """Facts with something dated in [since, as_of]: started, ended, reported, a law's stage."""
    out = []
    law_of = {x["identifier"]: x for x in laws if x.get("identifier")}
    for c in facts:
        what = [(c.get("start"), "starts" if (c.get("start") or "") > as_of.isoformat() else "started"),
                (c.get("end"), "ends" if (c.get("end") or "") > as_of.isoformat() else "ended")]
        what += [(r.get("published"), "reported") for r in c["reports"]]
        law = law_of.get(c.get("law"))
        what += [(s["date"], f"bill {s['stage']}") for s in (law["stages"] if law else [])]
        events = sorted({(d, label) for d, label in what if d and in_window([d], since, as_of)})
        if events:
            out.append({"fact": c, "events": [f"{label} {d}" for d, label in events], "last": events[-1][0]})
    out.sort(key=lambda x: (x["last"], x["fact"]["id"]), reverse=True)
    return out


def _expiring(c: dict[str, Any], as_of: date) -> bool:
    if c["status"] == str(CommitmentStatus.EXPIRING):
        return True
    end = c.get("end")
    return c["status"] == str(MeasureStatus.IN_FORCE) and bool(end) and \
        as_of.isoformat() <= end <= (as_of + EXPIRING_WINDOW).isoformat()


def _by_status(facts: list[dict[str, Any]], order: list) -> list[dict[str, Any]]:
    rank = {str(s): i for i, s in enumerate(order)}
    statuses = sorted({c["status"] for c in facts}, key=lambda s: (rank.get(s, len(rank)), s))
    return [{"status": s, "facts": sorted((c for c in facts if c["status"] == s),
                                          key=lambda c: (fact_date(c) or "9999", c["id"]))} for s in statuses]


def _by_jurisdiction(measures, laws) -> list[dict[str, Any]]:
    measures_of: dict[str, list] = {}
    laws_of: dict[str, list] = {}
    for c in measures:
        measures_of.setdefault(c.get("jurisdiction") or "Unknown", []).append(c)
    for law in laws:
        laws_of.setdefault(law.get("jurisdiction") or "Unknown", []).append(law)
    places = sorted(set(measures_of) | set(laws_of), key=lambda p: (p.lower(), p))
    return [{"name": p, "statuses": _by_status(measures_of.get(p, []), MEASURE_ORDER),
             "laws": laws_of.get(p, [])} for p in places]
