"""Building request URLs from a Source: params with {since}/{keyword}, incremental and
paging parameters."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.registry import Source


def _fill(value: str, since: str | None, keyword: str) -> str | None:
    if "{since}" in value and since is None:
        return None  # no watermark yet: leave the filter out rather than send "{since}"
    return value.replace("{since}", since or "").replace("{keyword}", keyword)


def base_params(source: Source, since_text: str | None) -> list[tuple[str, str]]:
    """The source's params as (key, value) pairs: lists repeat the key, ``{since}`` and
    ``{keyword}`` filled (a param needing a missing since is dropped), plus the
    incremental parameter when a since value is known (replacing a static one of that name)."""
    keyword = " ".join(source.keywords.terms[:1]) if source.keywords.server_side else ""
    pairs: list[tuple[str, str]] = []
    for key, value in source.params.items():
        for item in value if isinstance(value, list) else [value]:
            filled = _fill(str(item), since_text, keyword)
            if filled is not None:
                pairs.append((key, filled))
    inc = source.incremental
    if inc and since_text:  # the incremental parameter replaces a same-named static one
        value = inc.template.replace("{since}", since_text) if inc.template else since_text
        pairs = [(k, v) for k, v in pairs if k != inc.param] + [(inc.param, value)]
    return pairs


def with_params(url: str, pairs: list[tuple[str, Any]], replace: bool = True) -> str:
    """url with pairs added (replacing same-named parameters when replace is True)."""
    parts = urlsplit(url)
    names = {k for k, _ in pairs}
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not (replace and k in names)]
    query.extend((k, str(v)) for k, v in pairs)
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_value(url: str, name: str) -> str | None:
    return dict(parse_qsl(urlsplit(url).query)).get(name)
