"""The timeline's filters (--actor, --product, --jurisdiction), one rule for the SVG
timeline, the Markdown/HTML timeline and ``frt timeline`` in the terminal.

- a commitment or measure is kept when its actor (or the company a regulator's order falls
  on) contains ``actor``, its product contains ``product``, and, for ``jurisdiction``, it is
  a measure adopted there;
- a bill is kept when it is in the jurisdiction, and its jurisdiction contains ``actor`` or
  a kept measure comes from it; bills name no product, so ``product`` leaves them out;
- a finding is kept when its vendor or system contains ``actor`` and its system contains
  ``product``; findings belong to no jurisdiction, so ``jurisdiction`` leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports.facts import KBFacts, contains


@dataclass(frozen=True)
class Selection:
    actor: str | None = None
    product: str | None = None
    jurisdiction: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.actor or self.product or self.jurisdiction)

    def commitment(self, c: dict[str, Any]) -> bool:
        if self.actor and not (contains(c.get("actor"), self.actor) or contains(c.get("target"), self.actor)):
            return False
        if self.product and not (c.get("product") and contains(c["product"], self.product)):
            return False
        if not self.jurisdiction:
            return True
        return c["kind"] == "measure" and contains(c.get("jurisdiction"), self.jurisdiction)

    def law(self, law: dict[str, Any], kept_laws: set[str]) -> bool:
        if self.product:
            return False
        if self.jurisdiction and not contains(law.get("jurisdiction"), self.jurisdiction):
            return False
        return not self.actor or law.get("identifier") in kept_laws or contains(law.get("jurisdiction"), self.actor)

    def finding(self, f: dict[str, Any]) -> bool:
        if self.jurisdiction:
            return False
        if self.actor and not (contains(f.get("vendor_name"), self.actor) or contains(f.get("system"), self.actor)):
            return False
        return not self.product or bool(f.get("system") and contains(f["system"], self.product))

    def apply(self, kb: KBFacts) -> tuple[list, list, list]:
        """The commitments, laws and findings of ``kb`` this selection keeps."""
        commitments = [c for c in kb.commitments if self.commitment(c)]
        kept = {c["law"] for c in commitments if c.get("law")}
        return commitments, [x for x in kb.laws if self.law(x, kept)], [f for f in kb.findings if self.finding(f)]

    def events(self, events: list[dict[str, Any]], kb: KBFacts) -> list[dict[str, Any]]:
        """The timeline events (kb.timeline.events) that belong to a kept fact, unchanged."""
        if not self.active:
            return events
        commitments, laws, findings = self.apply(kb)
        quotes = {(c["url"], c["quote"]) for c in commitments}
        urls = {x["url"] for x in laws} | {r["url"] for f in findings for r in f["reports"]}
        return [e for e in events if (e["url"], e.get("quote")) in quotes
                or (not e["kind"].startswith("commitment") and e["url"] in urls)]
