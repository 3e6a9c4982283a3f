"""Commitment status, derived from dates and links at query time (never stored)."""

from __future__ import annotations

from datetime import date, timedelta

from kb.constants import CommitmentStatus

EXPIRING_WINDOW = timedelta(days=60)


def commitment_status(start: date | None, end: date | None, followed_by: str | None,
                      as_of: date | None = None) -> CommitmentStatus:
    """Status of one commitment.

    Args:
        start: when it took effect (or was announced).
        end: when it ends, given or computed from a duration; None for open-ended.
        followed_by: action of the latest later commitment that links to this one
            ("extension" or "reversal"), if any.
        as_of: the day to judge on (today by default).
    """
    as_of = as_of or date.today()
    if followed_by == "extension":
        return CommitmentStatus.EXTENDED
    if followed_by == "reversal":
        return CommitmentStatus.SUPERSEDED
    if start and start > as_of:
        return CommitmentStatus.ANNOUNCED
    if end and end < as_of:
        return CommitmentStatus.EXPIRED
    if end and end - as_of <= EXPIRING_WINDOW:
        return CommitmentStatus.EXPIRING
    return CommitmentStatus.ACTIVE
