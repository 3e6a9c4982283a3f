"""Link commitments that extend, reverse or supersede an earlier one by the same actor."""

from __future__ import annotations

from sqlmodel import Session, select

from kb.models import Commitment

FOLLOW_UPS = {"extension", "reversal"}
ORIGINALS = {"moratorium", "pause", "no_sale", "exit", "restriction", "ban", "feature_retirement"}


def _when(c: Commitment):
    return c.start or c.announced


def link_commitments(session: Session) -> int:
    """Set ``extends_id`` on every extension/reversal to the latest earlier commitment by the
    same actor (same product when both name one). Returns the number of links set."""
    rows = list(session.exec(select(Commitment)))
    linked = 0
    for follow in rows:
        if follow.action not in FOLLOW_UPS or follow.actor_id is None or _when(follow) is None:
            continue
        candidates = [c for c in rows if c.id != follow.id and c.actor_id == follow.actor_id
                      and c.action in ORIGINALS and _when(c) and _when(c) <= _when(follow)
                      and (not c.product or not follow.product or c.product == follow.product)]
        if not candidates:
            continue
        target = max(candidates, key=lambda c: (_when(c), c.id))
        if follow.extends_id != target.id:
            follow.extends_id = target.id
            session.add(follow)
            linked += 1
    return linked
