"""The benchmark-linked report: per vendor and product, what audits and benchmarks found,
side by side with what the vendor promised over time, and the gaps between the two.

Gaps (each stated in the report as it is computed here):

- *no independent audit*: the vendor (or a product named in its commitments) has
  commitments but no finding from a source other than the vendor's own;
- *findings newer than the latest commitment*: a finding about the vendor first reported
  after the start of the vendor's latest commitment;
- *expired while findings stood*: a commitment that expired (no extension, no reversal)
  although a finding about the vendor had been reported before its end.
"""

from __future__ import annotations

from typing import Any

from kb.errors import KBError
from reports.facts import KBFacts, contains, fact_date, finding_date
from reports.ratios import HOW, disparity

NO_SYSTEM = "(system not named)"


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    day = finding_date(f)
    return {**f, **disparity(f), "date": day, "year": day[:4] if day else None,
            "product": f.get("system") or NO_SYSTEM,
            "independent": f.get("source_kind") != "vendor"}


def benchmarks_context(kb: KBFacts, vendor: str | None = None, product: str | None = None) -> dict:
    """The report's context: ``vendors`` (each with products, findings, commitments, gaps),
    ``unattributed`` findings (no vendor named or known) and the filters applied.

    Raises:
        KBError: when ``vendor`` or ``product`` matches nothing in the knowledge base.
    """
    by_vendor: dict[str, dict[str, Any]] = {}

    def entry(name: str) -> dict[str, Any]:
        return by_vendor.setdefault(name.lower(), {"name": name, "commitments": [], "findings": []})

    for c in kb.commitments:
        if c["kind"] == "vendor" and c.get("actor"):
            entry(c["actor"])["commitments"].append(c)
    unattributed = []
    for f in map(_finding, kb.findings):
        if f.get("vendor_name"):
            entry(f["vendor_name"])["findings"].append(f)
        else:
            unattributed.append(f)
    vendors = [v for v in by_vendor.values() if contains(v["name"], vendor)]
    if vendor and not vendors:
        known = ", ".join(sorted(v["name"] for v in by_vendor.values())) or "none"
        raise KBError(f"no vendor matches {vendor!r}; vendors in the knowledge base: {known}")
    if product:
        vendors = [_only_product(v, product) for v in vendors]
        vendors = [v for v in vendors if v["findings"] or v["products_named"]]
        unattributed = [f for f in unattributed if contains(f.get("system"), product)]
        if not vendors and not unattributed:
            raise KBError(f"no finding or commitment names a product matching {product!r}")
    out = [_vendor_view(v) for v in sorted(vendors, key=lambda v: v["name"].lower())]
    if vendor:
        unattributed = []
    return {"as_of": kb.as_of.isoformat(), "vendors": out, "unattributed": unattributed,
            "filters": {"vendor": vendor, "product": product}, "ratio_how": HOW,
            "gaps": _gap_summary(out)}


def _only_product(v: dict[str, Any], product: str) -> dict[str, Any]:
    """Findings about the product; commitments naming it or naming no product (vendor-wide)."""
    named = {c["id"] for c in v["commitments"] if c.get("product") and contains(c["product"], product)}
    return {**v, "findings": [f for f in v["findings"] if contains(f.get("system"), product)],
            "commitments": [c for c in v["commitments"] if not c.get("product") or c["id"] in named],
            "products_named": bool(named)}


def _vendor_view(v: dict[str, Any]) -> dict[str, Any]:
    commitments = sorted(v["commitments"], key=lambda c: (fact_date(c) or "9999", c["id"]))
    findings = sorted(v["findings"], key=lambda f: (f["product"].lower(), f["date"] or "9999", f["id"]))
    products: dict[str, list] = {}
    for f in findings:
        products.setdefault(f["product"], []).append(f)
    audited = {f["product"].lower() for f in findings if f["independent"]}
    promised = sorted({c["product"] for c in commitments if c.get("product")}, key=str.lower)
    latest = max((fact_date(c) for c in commitments if fact_date(c)), default=None)
    first_known = min((f["date"] for f in findings if f["independent"] and f["date"]), default=None)
    lapsed = [c for c in commitments if c["status"] == "expired" and c.get("end")
              and first_known and first_known <= c["end"]]
    return {
        "name": v["name"], "commitments": commitments,
        "products": [{"name": k, "findings": fs} for k, fs in products.items()],
        "no_audit": bool(commitments) and not any(f["independent"] for f in findings),
        "products_without_audit": [p for p in promised if p.lower() not in audited],
        "newer_findings": [f for f in findings
                           if latest and f["date"] and f["date"][:len(latest)] > latest],
        "latest_commitment": latest,
        "expired_while_standing": lapsed, "lapsed_ids": {c["id"] for c in lapsed},
    }


def _gap_summary(vendors: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {"no_audit": [v["name"] for v in vendors if v["no_audit"]],
            "products_without_audit": [f"{v['name']}: {p}" for v in vendors if not v["no_audit"]
                                       for p in v["products_without_audit"]],
            "newer_findings": [v["name"] for v in vendors if v["newer_findings"]],
            "expired_while_standing": [v["name"] for v in vendors if v["expired_while_standing"]]}
