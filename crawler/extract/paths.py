"""Dotted paths into JSON records: ``pagination.next``, ``agencies[*].name``, ``$`` (root)."""

from __future__ import annotations

from typing import Any

_MISSING = object()


def _step(values: list[Any], part: str) -> list[Any]:
    walk = part.endswith("[*]")
    key = part[:-3] if walk else part
    out: list[Any] = []
    for value in values:
        if key:
            if isinstance(value, dict):
                value = value.get(key, _MISSING)
            elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value = value[int(key)]
            else:
                value = _MISSING
        if value is _MISSING or value is None:
            continue
        if walk and isinstance(value, list):
            out.extend(v for v in value if v is not None)
        else:
            out.append(value)
    return out


def get_path(record: Any, path: str | None) -> Any:
    """Value at a dotted path; a path with ``[*]`` returns a list.

    Args:
        record: parsed JSON.
        path: ``a.b``, ``a[*].b``, ``a.0.b`` or ``$`` for the record itself.

    Returns:
        The value, a list when the path walks a list, or None when any step is missing.
    """
    if path is None:
        return None
    if path in ("$", ""):
        return record
    values = [record]
    for part in path.split("."):
        values = _step(values, part)
        if not values:
            return [] if "[*]" in path else None
    return values if "[*]" in path else values[0]


def get_text(record: Any, path: str | None) -> str | None:
    """The value at path as text: lists joined by ", ", numbers as str, empty as None."""
    value = get_path(record, path)
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if not isinstance(v, (dict, list))) or None
    if isinstance(value, (dict,)):
        return None
    return str(value)
