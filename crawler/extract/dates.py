"""Dates as sources write them: ISO 8601 (with or without offset), RFC 822, sitemap dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_FUZZY_CHARS = 100
"""Longer values are not handed to dateparser (100,000 characters took it 14 s)."""


def parse_date(value: object) -> datetime | None:
    """Parse a date or timestamp; a value without an offset is taken as UTC.

    Tries ISO 8601 (``2024-01-03T18:00:00Z``, Legistar's tz-less ``2025-03-01T10:15:00``,
    ``2024-01-03``), then RFC 822 (``Wed, 10 Jun 2020 16:00:00 +0000``), then dateparser.
    Returns None for empty or unparseable values.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None and len(text) > MAX_FUZZY_CHARS:
        return None  # no date is that long; dateparser would take seconds over it
    if parsed is None:
        import dateparser  # slow to import; only for odd formats

        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso_utc(value: datetime | None) -> str | None:
    """A watermark string: UTC ISO 8601 with seconds, so strings sort like times."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
