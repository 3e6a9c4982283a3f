"""Audit and benchmark findings (metric, value, group, comparison)."""

from . import registry  # noqa: F401  (registers frt_findings_v1)
