"""Commitments and government measures (moratoria, exits, bans, ...)."""

from . import registry  # noqa: F401  (registers frt_commitments_v1)
