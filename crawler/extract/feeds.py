"""RSS 2.0 and Atom parsing, both arXiv API styles included, namespace-agnostic.

arXiv changed its Atom output in 2025 (namespaces declared on the root, https ids,
``arXiv Query:`` instead of ``ArXiv Query:``); matching on local names reads both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from urllib.parse import urljoin

from lxml import etree

ARXIV_ID = re.compile(r"arxiv\.org/abs/(?P<id>[^\s?#]+?)(?:v(?P<version>\d+))?$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class FeedError(ValueError):
    """Raised by parse_feed for a body that is not a well-formed RSS or Atom feed, and for
    arXiv's error feed (one entry titled "Error" with an ``/api/errors#`` id)."""


@dataclass
class Entry:
    id: str | None
    title: str
    link: str | None
    summary: str
    published: str | None
    updated: str | None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    """doi, comment, journal_ref, primary_category, pdf link ..."""


@dataclass
class Feed:
    title: str
    entries: list[Entry]
    total: int | None = None
    """opensearch:totalResults (arXiv), when present."""


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el, name: str) -> list:
    return [c for c in el if _local(c) == name]


def _text(el, *names: str) -> str:
    for name in names:
        for child in _children(el, name):
            value = "".join(child.itertext()).strip()
            if value:
                return value
    return ""


def _absolute(el, href: str | None, url: str | None) -> str | None:
    """``href`` resolved against the element's xml:base (inherited) and the feed's URL; a
    relative link in a feed is a link all the same."""
    if not href:
        return href
    href = href.strip()
    base = el.base if el is not None and el.base else url  # lxml folds in xml:base and the URL
    try:
        return urljoin(base, href) if base else href
    except ValueError:  # a malformed link ("http://[::1"): the item fails alone, later
        return href


def _atom_link(entry, url: str | None = None) -> tuple[str | None, dict[str, str]]:
    alternate, extra = None, {}
    for link in _children(entry, "link"):
        rel, href = link.get("rel", "alternate"), _absolute(link, link.get("href"), url)
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            extra["pdf_url"] = href
        elif rel == "alternate" and alternate is None:
            alternate = href
    return alternate, extra


def _atom_entry(entry, url: str | None = None) -> Entry:
    link, extra = _atom_link(entry, url)
    for name in ("doi", "comment", "journal_ref"):
        if value := _text(entry, name):
            extra[name] = value
    primary = _children(entry, "primary_category")
    if primary:
        extra["primary_category"] = primary[0].get("term", "")
    return Entry(
        id=_text(entry, "id") or None, title=_text(entry, "title"), link=link,
        summary=_text(entry, "content", "summary"), published=_text(entry, "published") or None,
        updated=_text(entry, "updated") or None,
        authors=[_text(a, "name") for a in _children(entry, "author") if _text(a, "name")],
        categories=[c.get("term") for c in _children(entry, "category") if c.get("term")],
        extra=extra)


def _rss_item(item, url: str | None = None) -> Entry:
    link = _children(item, "link")
    return Entry(
        id=_text(item, "guid") or None, title=_text(item, "title"),
        link=_absolute(link[0], _text(item, "link"), url) if _text(item, "link") else None,
        summary=_text(item, "encoded", "description"), published=_text(item, "pubDate") or None,
        updated=_text(item, "updated", "date") or None,
        authors=[a for a in (_text(item, "creator", "author"),) if a],
        categories=[c.text.strip() for c in _children(item, "category") if c.text])


def parse_feed(body: bytes, url: str | None = None) -> Feed:
    """Parse an RSS 2.0 or Atom document; links are made absolute against ``xml:base`` and
    the feed's ``url``.

    Raises:
        FeedError: malformed XML, an unknown root element, or an arXiv error entry.
    """
    try:
        root = etree.fromstring(body, _PARSER, base_url=url)
    except etree.XMLSyntaxError as exc:
        # libxml2 puts a newline inside some messages ("out of allowed range\n, line 1"):
        # the reason is logged and reported as one line
        raise FeedError(f"malformed feed: {' '.join(str(exc).split())}") from exc
    if root is None:
        raise FeedError("malformed feed: empty document")
    kind = _local(root)
    if kind == "rss":
        channel = (_children(root, "channel") or [root])[0]
        return Feed(_text(channel, "title"), [_rss_item(i, url) for i in _children(channel, "item")])
    if kind != "feed":
        raise FeedError(f"malformed feed: root element <{kind}> is neither <rss> nor <feed>")
    entries = [_atom_entry(e, url) for e in _children(root, "entry")]
    for entry in entries:
        if entry.id and "/api/errors" in entry.id:
            raise FeedError(f"arXiv API error: {entry.summary or entry.title} ({entry.id})")
    total = _text(root, "totalResults")
    # ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() refuses, and
    # a 5,000-digit count exceeds int()'s conversion limit; neither is a count
    count = int(total) if total.isascii() and total.isdigit() and len(total) < 19 else None
    return Feed(_text(root, "title"), entries, count)


def arxiv_id(entry_id: str | None) -> tuple[str, str | None] | None:
    """(id without version, version) of an arXiv abs URL (http or https), else None."""
    match = ARXIV_ID.search(entry_id or "")
    return (match["id"], match["version"]) if match else None
