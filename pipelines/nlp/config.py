"""Helpers shared by the registered components: config checking."""

from __future__ import annotations

from collections.abc import Mapping


def check_config(component: str, config: Mapping, expected: Mapping) -> dict:
    """Merge ``config`` over ``expected`` defaults, rejecting unknown keys.

    Args:
        component: Factory name, for the message.
        config: Keys given by the caller.
        expected: Default config; its keys are the only ones accepted.

    Raises:
        ValueError: listing the expected keys when an unknown key is given.
    """
    unknown = sorted(set(config) - set(expected))
    if unknown:
        raise ValueError(
            f"{component}: unknown config key(s) {unknown}; expected keys: {sorted(expected)}"
        )
    return {**expected, **config}
