"""Load the finding patterns (``patterns.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..constants import METRICS
from ..vocab import get_vocabulary

PATTERNS = Path(__file__).parent / "patterns.yaml"
KEYS = {"metrics", "values", "group", "coordinated", "comparison", "link_after", "clause_break"}
OPTIONAL = {"claim": "(?!)", "measured": "(?!)",  # since 0.5.0; a custom file may leave them out
            "setting_before": "(?!)", "setting_after": "(?!)"}  # since 0.7.12
# The end of a claim's clause: a later value there is no longer the claim.
CLAIM_END = re.compile(r";|\b(?:but|however|yet|whereas|while)\b|,\s+(?:it\s+|they\s+)?(?:had|has|have|was|were|is|are|"
                       r"showed|shows|scored|recorded|produced|achieved|reached|posted|returned)\b")
VALUE_KINDS = ("range_x", "range_pct", "pct", "times", "zero")


@dataclass
class FindingRules:
    """Compiled finding regexes."""

    metrics: list[tuple[str, re.Pattern]]
    values: list[tuple[str, re.Pattern]]
    group: re.Pattern
    known_groups: re.Pattern
    coordinated: re.Pattern
    comparison: re.Pattern
    link_after: re.Pattern
    clause_break: re.Pattern
    claim: re.Pattern
    measured: re.Pattern
    setting_before: re.Pattern
    setting_after: re.Pattern

    def setting(self, low: str, start: int, end: int) -> bool:
        """The value at ``start:end`` is a setting the measurement was made at (an operating
        point "at 0.1% FAR", a confidence threshold "the default threshold is 80%"), not a result."""
        return bool(self.setting_after.match(low, end) or self.setting_before.search(low[max(0, start - 60):start]))

    def claimed(self, low: str, pos: int) -> bool:
        """The value at ``pos`` is a vendor's claim: the last claim/measurement cue before it
        is a claim ("Orvia advertises 99.7%"), not a measurement ("NIST measured 99.7%")."""
        claims = [m.end() for m in self.claim.finditer(low[:pos])]
        if not claims:  # "... 0.01% for women in its product brochure": a claim, unless measured
            return self.claim.search(low, pos) is not None and self.measured.search(low) is None
        if CLAIM_END.search(low, max(claims), pos):  # "X, which markets it as 99.5% accurate, had 3.8% ..."
            return False
        measured = [m.end() for m in self.measured.finditer(low[:pos])]
        return not measured or max(claims) > max(measured)


def load_finding_rules(path: Path = PATTERNS) -> FindingRules:
    """Read and validate ``patterns.yaml``.

    Raises:
        ValueError: on missing/unknown keys or metrics outside ``METRICS``.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not KEYS <= set(data) <= KEYS | set(OPTIONAL):
        raise ValueError(f"{path}: expected keys {sorted(KEYS)} (optional {sorted(OPTIONAL)}), got {sorted(data)}")
    data = {**OPTIONAL, **data}
    if set(data["metrics"]) - set(METRICS):
        raise ValueError(f"{path}: unknown metrics {sorted(set(data['metrics']) - set(METRICS))}")
    if set(data["values"]) != set(VALUE_KINDS):
        raise ValueError(f"{path}: values must be {VALUE_KINDS}")
    variants = sorted({v for vs in get_vocabulary().groups.values() for v in vs}, key=len, reverse=True)
    return FindingRules(
        metrics=[(k, re.compile(v, re.IGNORECASE)) for k, v in data["metrics"].items()],
        values=[(k, re.compile(data["values"][k], re.IGNORECASE)) for k in VALUE_KINDS],
        group=re.compile(data["group"]),
        known_groups=re.compile(r"\b(" + "|".join(map(re.escape, variants)) + r")\b", re.IGNORECASE),
        coordinated=re.compile(data["coordinated"]),
        comparison=re.compile(data["comparison"], re.IGNORECASE),
        link_after=re.compile(data["link_after"], re.IGNORECASE),
        clause_break=re.compile(data["clause_break"], re.IGNORECASE),
        claim=re.compile(data["claim"], re.IGNORECASE),
        measured=re.compile(data["measured"], re.IGNORECASE),
        setting_before=re.compile(data["setting_before"] + r"\s*$", re.IGNORECASE),
        setting_after=re.compile(data["setting_after"], re.IGNORECASE),
    )
