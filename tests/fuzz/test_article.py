"""Generated HTML articles (JSON-LD of every shape, meta tags, broken markup, huge
attributes, odd encodings) through the document spider's HTML path: JSON-LD, then meta
tags, then trafilatura. No exception escapes and every field has its declared type."""

from __future__ import annotations

import json

from hypothesis import example, given, strategies as st
from scrapy.http import HtmlResponse, Request

from crawler.extract.article import extract_article
from crawler.items import DocumentItem
from crawler.spiders.pages import PagesSpider
from tests.fuzz.hostile import (Filler, assert_no_leak, encode, fillers, make_spider, mutate,
                                run_callback, texts_of)
from tests.fuzz.test_json_api import value

URL = "https://news.example.org/2020/06/moratorium.html"
TYPES = ["NewsArticle", "WebPage", "WebSite", "Article", ["Article", "Report"], None, 5,
         [{"x": 1}], {"a": "b"}, ["BlogPosting", None]]
KEYS = ["headline", "name", "datePublished", "dateModified", "author", "articleBody", "url"]


def jsonld(f: Filler) -> str:
    def obj():
        out = {"@type": f.pick(TYPES)}
        for key in KEYS:
            if f.chance(0.5):
                out[key] = value(f) if f.chance(0.5) else f.text()
        return out
    shape = f.pick(["obj", "list", "graph", "graph-odd", "deep", "broken"])
    if shape == "obj":
        data = obj()
    elif shape == "list":
        data = [obj(), obj()]
    elif shape == "graph":
        data = {"@graph": [obj(), obj(), {"@type": "WebSite", "name": value(f)}]}
    elif shape == "graph-odd":
        data = {"@graph": f.pick([5, "str", None, {"@type": "Article"}, [[obj()]], True])}
    elif shape == "deep":
        depth = f.pick([500, 990, 10_000])
        return "[" * depth + "]" * depth
    else:
        return f.pick(['{"@type": "Article", "headline": ', "</script><script>", "{{}}", "\x00"])
    return json.dumps(data).replace("</", "<\\/")


@st.composite
def html_bytes(draw) -> bytes:
    f = draw(fillers())
    head = []
    for _ in range(draw(st.integers(0, 3))):
        head.append(f'<script type="application/ld+json">{jsonld(f)}</script>')
    for key in ["og:title", "og:site_name", "article:published_time", "author", "citation_title",
                "og:url", "description"]:
        if f.chance(0.4):
            head.append(f'<meta property="{key}" content="{f.attr()}">')
    if f.chance(0.5):
        head.append(f"<title>{f.escaped()} | {f.escaped()}</title>")
    if f.chance(0.3):
        head.append(f'<link rel="canonical" href="{f.link()}">')
    paragraphs = "".join(f"<p>{f.escaped()}</p>" for _ in range(draw(st.integers(0, 5))))
    wrapper = f.pick(["article", "main", "div", "table", "p"])
    body = f"<{wrapper} class=\"{f.attr()}\">{paragraphs}</{wrapper}>"
    if f.chance(0.1):
        body = "<div>" * f.pick([100, 5000]) + body  # deep, unclosed nesting
    charset = f.pick(["utf-8", "latin-1", "bogus", "utf-16"])
    doc = (f'<!DOCTYPE html><html lang="{f.attr()}"><head><meta charset="{charset}">'
           f"{''.join(head)}</head><body>{body}</body></html>")
    if f.chance(0.05):
        doc = f.pick(["", "<html", "\x00" * 100, "<?xml version='1.0'?><rss/>",
                      "%PDF-1.4 not html"])
    return draw(mutate(draw(encode(doc, declared=False))))


def _run(body: bytes):
    spider = make_spider(PagesSpider, spider="pages")
    response = HtmlResponse(url=URL, body=body, request=Request(URL),
                            headers={"Content-Type": "text/html"})
    return spider, run_callback(spider, spider.parse_document(response, hints={}))


def _page(ld: str) -> bytes:
    return (f'<html><head><script type="application/ld+json">{ld}</script></head><body><p>'
            f"Amazon announced a one-year moratorium on police use of Rekognition.</p>"
            f"</body></html>").encode()


@given(html_bytes())
@example(_page('{"@graph": 5}'))
@example(_page('{"@type": [{"a": 1}]}'))
@example(_page('{"@type": "Article", "headline": {"a": 1}}'))
@example(_page('{"@type": "Article", "articleBody": [1]}'))
@example(_page('{"@type": "Article", "headline": 5}'))
@example(_page('{"@type": "WebSite", "name": 5}'))
@example(_page("[" * 10_000 + "]" * 10_000))
@example(f'<html lang="{"A" * 1_000_000}"><head><meta name="author" content="{"é" * 1_000_000}">'
         f'</head><body><p>{"word " * 200_000}</p></body></html>'.encode())
def test_html_article_never_raises(body):
    spider, out = _run(body)
    assert_no_leak(texts_of(out, spider.crawler.reasons))
    for item in out:
        assert isinstance(item, DocumentItem)
        assert isinstance(item.text, str)
        assert item.title is None or isinstance(item.title, str)
        assert item.canonical_url is None or isinstance(item.canonical_url, str)
        assert all(isinstance(a, str) for a in item.authors)


@given(st.sampled_from(['{"@graph": 5}', '{"@type": [{"a": 1}]}',
                        '{"@type": "Article", "headline": {"a": 1}}',
                        '{"@type": "Article", "articleBody": [1]}', "[" * 10_000 + "]" * 10_000]))
def test_odd_jsonld_falls_back_to_the_page(ld):
    """Each of these raised (TypeError, AttributeError, RecursionError) before the fix."""
    art = extract_article(_page(ld).decode(), URL)
    assert "one-year moratorium" in art.text
