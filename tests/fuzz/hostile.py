"""Shared strategies and helpers for the fuzz tests: hostile text, encodings, byte
mutations, XML prologues (entity expansion, external entities), and spiders built in
memory around a FakeCrawler."""

from __future__ import annotations

import asyncio
import inspect

import functools
import random
import tempfile
from pathlib import Path

from hypothesis import strategies as st
from scrapy.http import Request

from crawler.items import DocumentItem, NotModifiedItem
from crawler.registry import Source
from tests.fuzz.conftest import FakeCrawler

PASSWD = Path("/etc/passwd")
PASSWD_LINE = (PASSWD.read_text(errors="replace").splitlines() or ["root:x:0:0"])[0] \
    if PASSWD.exists() else "root:x:0:0"
"""A line only a resolved ``file:///etc/passwd`` entity could put into parsed output."""
SECRET_TOKEN = "FRT-XXE-SENTINEL-5f1c2b"
"""Content of a local file referenced by a SYSTEM entity in the generated XML."""
SECRET_FILE = Path(tempfile.gettempdir()) / "frt-fuzz-xxe-secret.txt"
SECRET_FILE.write_text(SECRET_TOKEN + "\n", encoding="utf-8")

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252",
             "shift_jis", "koi8-r"]
DECLARED = ["utf-8", "UTF-16", "iso-8859-1", "windows-1252", "shift_jis", "ebcdic-cp-us",
            "no-such-charset", ""]

# characters that break naive parsers: markup, entities, quotes, NUL and other controls,
# astral characters, RTL marks, noncharacters, superscript and Arabic-Indic digits
_NASTY = "<>&;\"'=/\\\x00\x01\x0b\x0c\x1b\x7f\u0085\u2028\u202e\ufeff\ufffe²٣𝟘💥"
POOL = ["", " ", "Amazon Rekognition", "Face recognition moratorium", "<b>bold</b>",
        "&amp;&lt;&#0;&#x110000;&#xD800;", "]]>", "<![CDATA[x", "\x00\x01\x02", "\ufeff\ufffe",
        "\u202eevil", "²٣𝟘", "💥" * 3, "é" * 5, "\r\n\r\n", "a\u2028b", "&x;", "&nbsp;",
        "%PDF-1.4", "<?xml ?>", "<!-- -->", "\\u0000", "null", "{}", "[]", "9" * 40,
        "𝕱𝖔𝖔", "مرحبا", "日本語のテキスト", "\ud7ff\ue000", "'\"", "\t" * 20]
"""Fixed hostile strings: cheap to draw, so most of the time goes to the parsers."""


LINKS = ["https://example.org/a", "/relative/b", "http://[::1", "javascript:alert(1)",
         "http://arxiv.org/abs/2401.11111v2", "https://arxiv.org/abs/2509.44444",
         "file:///etc/passwd",
         "", " ", "//evil.example/x", "http://127.0.0.1:9/x", "ht tp://bad url", "a" * 3000,
         "http://example.org/" + "%" * 20, "mailto:x@example.org", "\u202ehttps://x/"]
DATES = ["Wed, 10 Jun 2020 16:00:00 +0000", "2024-01-03T18:00:00Z", "2025-02-30", "0000-00-00",
         "yesterday", "", "9" * 30, "Mon, 32 Foo 2020", "-1", "1e9", "2025-04-03T17:45:12.313",
         "𝟚𝟘𝟚𝟘"]
"""Impossible timestamps ("2024-13-45T99:99:99") cost dateparser ~0.25 s each: they are
explicit examples rather than pool members, to keep 2,000 examples within CI time."""


class Filler:
    """Field values for one generated document: picked from the pools by a drawn seed (one
    draw, so generating stays cheap and most time goes to the parser), plus one generated
    hostile string and, one document in thirty, one huge value, at drawn positions."""

    def __init__(self, rng: random.Random, special: dict[int, str]):
        self.rng, self.special, self.n = rng, special, 0

    def text(self) -> str:
        self.n += 1
        return self.special.get(self.n) or self.rng.choice(POOL)

    def escaped(self) -> str:
        """Text for an XML element: escaped, or (one in ten) raw, malformed on purpose."""
        value = self.text()
        return value if self.rng.random() < 0.1 else xml_escape(value)

    def attr(self) -> str:
        return xml_escape(self.text(), attr=True)

    def link(self) -> str:
        return self.rng.choice(LINKS)

    def date(self) -> str:
        return self.rng.choice(DATES)

    def pick(self, options):
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


_GENERATED = st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(_NASTY)),
                     min_size=1, max_size=40)


@st.composite
def fillers(draw, fields: int = 40, huge: bool = True) -> Filler:
    special = {}
    if draw(st.booleans()):
        special[draw(st.integers(1, fields))] = draw(_GENERATED)
    if huge and draw(st.integers(0, 29)) == 0:  # 1,000,000 characters: explicit examples
        unit = draw(st.sampled_from(["A", "é", "<", "&amp;", " word", "\u202e"]))
        size = draw(st.sampled_from([10_000, 100_000]))
        special[draw(st.integers(1, fields))] = unit * (size // len(unit))
    return Filler(random.Random(draw(st.integers(0, 2**32 - 1))), special)


def xml_escape(text: str, attr: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attr else text


@functools.cache
def xml_prologues(secret_file: Path | None = SECRET_FILE) -> st.SearchStrategy[str]:
    """An XML declaration and DOCTYPE: none, a billion-laughs DTD, external SYSTEM entities
    (/etc/passwd, a local secret file, a network URL) or an external DTD."""
    laughs = "".join(f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">'
                     for i in range(1, 10))
    quadratic = '<!ENTITY q "' + "x" * 50_000 + '">'
    secret = secret_file.as_uri() if secret_file else "file:///nonexistent"
    return st.sampled_from([
        "",
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<!DOCTYPE r [<!ENTITY l0 "lol">{laughs}<!ENTITY x "&l9;">]>',
        f'<!DOCTYPE r [{quadratic}<!ENTITY x "&q;&q;&q;&q;&q;&q;&q;&q;&q;&q;">]>',
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        f'<!DOCTYPE r [<!ENTITY x SYSTEM "{secret}">]>',
        '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p; <!ENTITY x "y">]>',
        '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><!-- x -->',
        '<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/secret">]>',
    ])


ENTITY_REF = "&x;"
"""Where a generated document places a reference to the prologue's entity."""


@st.composite
def encode(draw, text: str, declared: bool = True) -> bytes:
    """Text as bytes in a drawn encoding (lossy where it cannot be encoded), sometimes
    under a wrong ``<?xml encoding?>`` declaration, sometimes mixed: two halves in two
    encodings."""
    if declared and draw(st.booleans()) and not text.startswith("<?xml"):
        text = f'<?xml version="1.0" encoding="{draw(st.sampled_from(DECLARED))}"?>' + text
    if draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(0, len(text)))
        first, second = draw(st.sampled_from(ENCODINGS)), draw(st.sampled_from(ENCODINGS))
        return text[:cut].encode(first, "replace") + text[cut:].encode(second, "replace")
    return text.encode(draw(st.sampled_from(ENCODINGS)), "replace")


@st.composite
def mutate(draw, data: bytes) -> bytes:
    """Leave the bytes alone, or truncate, splice random bytes in, drop or repeat a slice."""
    how = draw(st.sampled_from(["keep", "keep", "truncate", "splice", "drop", "repeat"]))
    if how == "keep" or not data:
        return data
    at = draw(st.integers(0, len(data)))
    if how == "truncate":
        return data[:at]
    if how == "splice":
        return data[:at] + draw(st.binary(min_size=1, max_size=40)) + data[at:]
    end = draw(st.integers(at, min(len(data), at + 200)))
    if how == "drop":
        return data[:at] + data[end:]
    return data[:end] + data[at:end] * draw(st.integers(2, 50)) + data[end:]


def make_spider(cls, **fields):
    """A spider of ``cls`` for an in-memory Source (``fields`` override the defaults),
    attached to a FakeCrawler; its reported reasons are ``spider.crawler.reasons``."""
    data = {"id": "fuzz", "name": "fuzz", "kind": "vendor", "spider": "feed",
            "start_urls": ["https://example.org/start"], **fields}
    spider = cls(source=Source.model_validate(data))
    spider.crawler = FakeCrawler()
    return spider


def run_callback(spider, results) -> list:
    """Drain a callback; every output must be an item or an http(s) request, every reported
    reason one line."""
    if inspect.isasyncgen(results):  # an async callback (DocumentSpider.parse_document)
        async def drain() -> list:
            return [obj async for obj in results]

        out = asyncio.run(drain())
    else:
        out = list(results)
    for obj in out:
        assert isinstance(obj, (DocumentItem, NotModifiedItem, Request)), type(obj)
        if isinstance(obj, Request):  # never file:, ftp:, data: (Scrapy would read them)
            assert obj.url.startswith(("http://", "https://")), obj.url
    for reason in spider.crawler.reasons:
        assert reason and "\n" not in reason, f"not a one-line reason: {reason!r}"
    return out


def texts_of(out: list, reasons: list[str]) -> str:
    """Everything a run could store or print: item fields, request URLs, reasons."""
    parts = list(reasons)
    for obj in out:
        if isinstance(obj, DocumentItem):
            parts += [obj.text, obj.title or "", obj.url, obj.canonical_url or "",
                      " ".join(obj.authors), repr(obj.metadata), " ".join(obj.pages or [])]
        elif isinstance(obj, Request):
            parts += [obj.url, repr(obj.cb_kwargs)]
    return "\n".join(parts)


def assert_no_leak(blob: str, extra: tuple[str, ...] = ()) -> None:
    for secret in (PASSWD_LINE, SECRET_TOKEN, *extra):
        assert secret not in blob, f"external entity content leaked: {secret!r}"
