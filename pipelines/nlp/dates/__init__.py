"""Date expressions, durations and conditions, resolved against the document date."""

from .durations import Duration, add_duration, find_condition, find_duration
from .resolve import DateMention, find_dates, narrative_dates, pick_event_date

__all__ = [
    "DateMention",
    "Duration",
    "add_duration",
    "find_condition",
    "find_dates",
    "find_duration",
    "narrative_dates",
    "pick_event_date",
]
