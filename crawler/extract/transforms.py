"""Value transforms named in a source's ``field_map.transforms`` (path -> name), for API
fields that are not plain text: OpenAlex inverted abstracts, Crossref date-parts, HTML
summaries (congress.gov), base64 documents (LegiScan getBillText)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from w3lib.html import remove_tags, replace_entities


def inverted_index(value: Any) -> str | None:
    """OpenAlex ``{"Face": [0], "recognition": [1, 9]}`` -> "Face recognition ..."."""
    if not isinstance(value, dict):
        return None
    positions = sorted((pos, word) for word, where in value.items() for pos in where)
    return " ".join(word for _, word in positions) or None


def date_parts(value: Any) -> str | None:
    """Crossref ``{"date-parts": [[2024, 5]]}`` -> "2024-05-01" (missing parts are 1)."""
    parts = (value or {}).get("date-parts") if isinstance(value, dict) else None
    if not parts or not parts[0] or parts[0][0] is None:
        return None
    year, month, day = (list(parts[0]) + [1, 1])[:3]
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def strip_html(value: Any) -> str | None:
    """HTML or JATS markup -> text."""
    return replace_entities(remove_tags(str(value))).strip() or None if value else None


def base64_text(value: Any) -> str | None:
    """Base64 -> UTF-8 text (undecodable bytes replaced)."""
    try:
        return base64.b64decode(str(value), validate=False).decode("utf-8", "replace") or None
    except (binascii.Error, ValueError):
        return None


TRANSFORMS: dict[str, Callable[[Any], str | None]] = {
    "inverted_index": inverted_index, "date_parts": date_parts, "strip_html": strip_html,
    "base64": base64_text,
}
