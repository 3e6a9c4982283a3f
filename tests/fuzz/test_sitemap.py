"""Generated sitemaps (urlset, sitemapindex, gzipped or not, intact and broken) through the
sitemap spider's callback: no exception escapes, one-line reasons, no entity resolved, and
a gzip bomb is read no further than the source's max_bytes."""

from __future__ import annotations

import gzip
import struct
import zlib

from hypothesis import example, given, strategies as st
from scrapy.http import Request, Response, XmlResponse

from crawler.spiders.sitemap import SitemapSpider
from tests.fuzz.hostile import (ENTITY_REF, assert_no_leak, encode, fillers, make_spider,
                                mutate, run_callback, texts_of, xml_escape, xml_prologues)

URL = "https://www.example.org/sitemap.xml"
MAX_BYTES = 1024 * 1024
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


@st.composite
def sitemap_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["urlset", "sitemapindex", "other"]))
    prologue, f = draw(xml_prologues()), draw(fillers())
    node = "url" if kind == "urlset" else "sitemap"
    nodes = []
    for _ in range(draw(st.integers(0, 6))):
        loc = xml_escape(f.link() if f.chance(0.8) else f.text())
        parts = [f"<loc>{loc}{ENTITY_REF if f.chance(0.2) else ''}</loc>",
                 f"<lastmod>{xml_escape(f.date())}</lastmod>",
                 f"<priority>{f.escaped()}</priority>"]
        f.rng.shuffle(parts)
        nodes.append(f"<{node}>{''.join(parts[:f.rng.randint(0, 3)])}</{node}>")
    if kind == "other":
        doc = f.pick(["<html><body>404</body></html>", "", "<urlset>" * 4000, "not xml at all"])
    else:
        doc = f"<{kind} {NS} data=\"{f.attr()}\">{''.join(nodes)}</{kind}>"
    body = draw(encode(prologue + doc))
    if draw(st.booleans()):
        body = gzip.compress(body, compresslevel=1)
    return draw(mutate(body))


def gzip_bomb(expanded: int) -> bytes:
    """A valid gzip file of about 1 KB per MB expanded (zeros after a urlset start), built
    without compressing a gigabyte: each full-flushed 1 MiB block of zeros deflates to the
    same bytes, which are repeated."""
    head = f'<?xml version="1.0"?><urlset {NS}><url><loc>'.encode()
    chunk, count = b"\0" * (1 << 20), expanded >> 20

    def deflated(data: bytes) -> bytes:
        z = zlib.compressobj(9, zlib.DEFLATED, -15)
        return z.compress(data) + z.flush(zlib.Z_FULL_FLUSH)

    block = deflated(chunk)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    size = (len(head) + count * len(chunk)) & 0xFFFFFFFF
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + deflated(head) + block * count + tail
            + struct.pack("<II", crc, size))


def _run(body: bytes, max_bytes: int = MAX_BYTES):
    spider = make_spider(SitemapSpider, spider="sitemap", start_urls=[URL], max_bytes=max_bytes)
    response = XmlResponse(url=URL, body=body, request=Request(URL))
    return spider, run_callback(spider, spider.parse_sitemap(response))


@given(sitemap_bytes())
@example(gzip.compress(f'<urlset {NS}><url><loc>http://[::1</loc></url></urlset>'.encode()))
@example(f'<urlset {NS}><url><loc>no scheme</loc></url><url><loc>https://ok.example/a</loc>'
         '</url></urlset>'.encode())
@example(f'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><sitemapindex {NS}><sitemap>'
         '<loc>https://e.org/&x;</loc></sitemap></sitemapindex>'.encode())
@example(b"\x1f\x8b" + b"\x00" * 30)
@example(f'<urlset {NS}><url><loc>file:///etc/passwd</loc></url></urlset>'.encode())
def test_sitemap_callback_never_raises(body):
    spider, out = _run(body)
    assert_no_leak(texts_of(out, spider.crawler.reasons))
    for request in out:
        assert isinstance(request, Request) and request.url.startswith(("http://", "https://"))


def test_gzip_bomb_stops_at_max_bytes():
    """~1 MB of gzip expanding to 1.1 GB: gzip.decompress expanded all of it in memory
    (fixed: the sitemap is expanded up to the source's max_bytes, then refused)."""
    bomb = gzip_bomb(1100 << 20)
    assert len(bomb) < 2 << 20
    spider, out = _run(bomb)
    assert out == []
    assert len(spider.crawler.reasons) == 1
    assert f"more than max_bytes ({MAX_BYTES} bytes)" in spider.crawler.reasons[0]


def test_gzip_within_max_bytes_is_still_read():
    body = gzip.compress(f'<urlset {NS}><url><loc>https://www.example.org/a</loc></url>'
                         f'</urlset>'.encode())
    spider, out = _run(body)
    assert [r.url for r in out] == ["https://www.example.org/a"] and not spider.crawler.reasons


def test_a_bad_loc_is_skipped_with_a_reason_not_the_sitemap():
    body = (f'<urlset {NS}><url><loc>no scheme</loc></url><url><loc>https://www.example.org/b'
            f'</loc></url></urlset>').encode()
    spider, out = _run(body)
    assert [r.url for r in out] == ["https://www.example.org/b"]
    assert len(spider.crawler.reasons) == 1 and "no scheme" in spider.crawler.reasons[0]


def test_a_304_keeps_working():
    spider = make_spider(SitemapSpider, spider="sitemap", start_urls=[URL])
    response = Response(url=URL, status=304, request=Request(URL))
    assert run_callback(spider, spider.parse_sitemap(response)) == []


def test_a_file_url_in_a_sitemap_is_refused():
    """Scrapy's file:// handler would have read and stored /etc/passwd (fixed: spiders
    request http(s) URLs only)."""
    body = f'<urlset {NS}><url><loc>file:///etc/passwd</loc></url></urlset>'.encode()
    spider, out = _run(body)
    assert out == []
    assert spider.crawler.reasons == ["file:///etc/passwd: refused, not an http(s) URL"]
