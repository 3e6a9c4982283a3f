"""Article text and metadata: JSON-LD first (``@graph`` included), then meta tags, then
trafilatura for the main text."""

from __future__ import annotations

import re

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

from parsel import Selector

from crawler.extract.dates import parse_date

ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle",
                 "PressRelease", "WebPage", "Legislation"}
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass
class Article:
    title: str | None = None
    text: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    language: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def _jsonld_objects(sel: Selector) -> list[dict]:
    found: list[dict] = []
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: arrays nested ~1,000 deep
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                found.append(obj)
                graph = obj.get("@graph")
                if isinstance(graph, (list, dict)):  # "@graph": 5 is no graph
                    stack.append(graph)
    return found


def _is_article(obj: dict) -> bool:
    types = obj.get("@type", [])
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t in ARTICLE_TYPES for t in types) and "@graph" not in obj


def _str(value) -> str | None:
    """A JSON-LD value used as text: strings only (a page may put an object or a number
    where a headline belongs)."""
    return value if isinstance(value, str) else None


def _names(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = [i.get("name") if isinstance(i, dict) else i for i in items if i]
    return [n.strip() for n in names if isinstance(n, str) and n.strip()]


def _meta(sel: Selector, *keys: str) -> str | None:
    for key in keys:
        value = sel.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content').get()
        if value and value.strip():
            return value.strip()
    return None


def _main_text(html: str, sel: Selector) -> str:
    import trafilatura

    # fast=True skips trafilatura's backup extractors (readability, jusText): ~25% of its
    # time, the largest single cost of a crawl; the <p> fallback below covers its misses
    text = trafilatura.extract(html, include_comments=False, include_tables=True,
                               favor_precision=True, fast=True)
    if text:
        return text
    paragraphs = sel.xpath("//article//p//text() | //main//p//text()").getall() or \
        sel.xpath("//body//p//text()").getall()
    return "\n".join(p.strip() for p in paragraphs if p.strip())


SITE_SUFFIX = re.compile(r"^(?P<title>.{8,}?)\s+(?:\||-|\u2013|\u2014|::|\u00b7|\u2022)\s+(?P<site>[^|]{2,60})$")


def strip_site_name(title: str | None, site: str | None = None) -> str | None:
    """"Headline | Site Name" -> "Headline": the trailing part goes when it is the site's
    name, or a short name after a bar ("| Example News")."""
    if not title:
        return title
    title = " ".join(title.split())
    m = SITE_SUFFIX.match(title)
    if not m:
        return title
    tail = m.group("site").strip()
    if (site and tail.lower() == site.strip().lower()) or (
            "|" in title[m.end("title"):m.start("site")] and len(tail.split()) <= 5):
        return m.group("title").strip()
    return title


def extract_article(html: str, url: str) -> Article:
    """Title, dates, authors and main text of an HTML article."""
    sel = Selector(text=html)
    art = Article()
    ld = next((o for o in _jsonld_objects(sel) if _is_article(o)), {})
    if ld:
        webpage = "WebPage" in str(ld.get("@type"))  # a page's name is often the site's: last resort
        art.title = _str(ld.get("headline")) or (None if webpage else _str(ld.get("name")))
        art.published = parse_date(ld.get("datePublished"))
        art.modified = parse_date(ld.get("dateModified"))
        art.authors = _names(ld.get("author"))
        art.text = (_str(ld.get("articleBody")) or "").strip()
        art.canonical_url = ld.get("url") if isinstance(ld.get("url"), str) else None
        art.metadata["jsonld_type"] = str(ld.get("@type"))
    site = _meta(sel, "og:site_name") or next(
        (_str(o.get("name")) for o in _jsonld_objects(sel)
         if "WebSite" in str(o.get("@type"))), None)
    page_name = next((_str(o.get("name")) for o in _jsonld_objects(sel)
                      if "WebPage" in str(o.get("@type"))), None)
    art.title = art.title or _meta(sel, "og:title", "citation_title", "dc.title") or \
        (sel.xpath("//title/text()").get() or "").strip() or page_name or None
    art.title = strip_site_name(art.title, site)
    art.published = art.published or parse_date(
        _meta(sel, "article:published_time", "citation_publication_date", "date", "dc.date"))
    art.modified = art.modified or parse_date(_meta(sel, "article:modified_time", "og:updated_time"))
    if not art.authors:
        art.authors = [a for a in (_meta(sel, "author", "article:author", "citation_author"),) if a]
    art.canonical_url = sel.xpath('//link[@rel="canonical"]/@href').get() or \
        _meta(sel, "og:url") or art.canonical_url
    art.language = sel.xpath("/html/@lang").get()
    if not art.text:
        art.text = _main_text(html, sel)
    return art
