"""Link commitments that extend, reverse or supersede an earlier one by the same actor."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, select

from kb.models import Commitment

FOLLOW_UPS = {"extension", "reversal"}
ORIGINALS = {"moratorium", "pause", "no_sale", "exit", "restriction", "ban", "feature_retirement"}


def _when(c: Commitment):
    return c.start or c.announced


def link_commitments(session: Session) -> int:
    """Set ``extends_id`` on every extension/reversal to the latest earlier commitment by the
    same actor (same product when both name one). Returns the number of links set."""
    by_actor: dict[int, list[Commitment]] = defaultdict(list)
    for c in session.exec(select(Commitment).where(Commitment.actor_id.is_not(None))):
        by_actor[c.actor_id].append(c)
    linked = 0
    for rows in by_actor.values():
        originals = [c for c in rows if c.action in ORIGINALS and _when(c)]
        for follow in rows:
            if follow.action not in FOLLOW_UPS or _when(follow) is None:
                continue
            candidates = [c for c in originals if _when(c) <= _when(follow)
                          and (not c.product or not follow.product or c.product == follow.product)]
            if not candidates:
                continue
            target = max(candidates, key=lambda c: (_when(c), c.id))
            if follow.extends_id != target.id:
                follow.extends_id = target.id
                session.add(follow)
                linked += 1
    return linked
