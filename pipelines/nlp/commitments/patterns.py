"""Load and compile the commitment trigger, blocker and scope regexes (YAML data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..constants import ACTIONS, SCOPES

HERE = Path(__file__).parent
TRIGGERS = HERE / "triggers.yaml"
SCOPE = HERE / "scope.yaml"
BLOCKERS = ("call", "hypothetical", "denial", "third_party", "research")
TOP_KEYS = {"actions", "blockers", "reference", "introduce_before", "introduce_after"}
OPTIONAL_KEYS = {"negated", "bill_lead", "present_state", "rejected_before", "proposal_before", "rejected_after",
                 "narrowed_after", "among_rules"}  # absent: never matches
OPTIONAL_BLOCKERS = {"research"}
NEVER = r"(?!x)x"


@dataclass
class Rules:
    """Compiled regexes of one triggers file and one scope file."""

    actions: list[tuple[str, list[re.Pattern]]]
    blockers: dict[str, re.Pattern]
    reference: re.Pattern
    introduce_before: re.Pattern
    introduce_after: re.Pattern
    negated: re.Pattern
    bill_lead: re.Pattern
    present_state: re.Pattern
    rejected_before: re.Pattern
    proposal_before: re.Pattern
    rejected_after: re.Pattern
    narrowed_after: re.Pattern
    among_rules: re.Pattern
    scopes: list[tuple[str, re.Pattern]]


def load_rules(triggers: Path = TRIGGERS, scope: Path = SCOPE) -> Rules:
    """Read and validate ``triggers.yaml`` and ``scope.yaml``.

    Raises:
        ValueError: on unknown keys, unknown actions or scopes, or a bad regex.
    """
    data = yaml.safe_load(Path(triggers).read_text(encoding="utf-8"))
    if not TOP_KEYS <= set(data) <= TOP_KEYS | OPTIONAL_KEYS:
        raise ValueError(f"{triggers}: expected keys {sorted(TOP_KEYS)}, got {sorted(data)}")
    bad = set(data["actions"]) - set(ACTIONS)
    if bad:
        raise ValueError(f"{triggers}: unknown actions {sorted(bad)}; expected {ACTIONS}")
    if not set(BLOCKERS) - OPTIONAL_BLOCKERS <= set(data["blockers"]) <= set(BLOCKERS):
        raise ValueError(f"{triggers}: blockers must be {BLOCKERS}")
    scopes = yaml.safe_load(Path(scope).read_text(encoding="utf-8"))
    if set(scopes) - set(SCOPES):
        raise ValueError(f"{scope}: unknown scopes {sorted(set(scopes) - set(SCOPES))}")
    return Rules(
        actions=[(a, [re.compile(r) for r in rs]) for a, rs in data["actions"].items()],
        blockers={k: re.compile(data["blockers"].get(k, NEVER)) for k in BLOCKERS},
        reference=re.compile(data["reference"]),
        introduce_before=re.compile(data["introduce_before"]),
        introduce_after=re.compile(data["introduce_after"]),
        negated=re.compile(data.get("negated", NEVER)),
        bill_lead=re.compile(data.get("bill_lead", NEVER)),
        present_state=re.compile(data.get("present_state", NEVER)),
        rejected_before=re.compile(data.get("rejected_before", NEVER)),
        proposal_before=re.compile(data.get("proposal_before", NEVER)),
        rejected_after=re.compile(data.get("rejected_after", NEVER)),
        narrowed_after=re.compile(data.get("narrowed_after", NEVER)),
        among_rules=re.compile(data.get("among_rules", NEVER)),
        scopes=[(k, re.compile(v)) for k, v in scopes.items()],
    )
