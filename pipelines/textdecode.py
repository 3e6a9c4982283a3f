"""Decode text bytes whatever their encoding: a BOM first, then UTF-8, then a detector.

Analysts hand frt files saved by Word on Windows (cp1252), old Latin-1 exports and UTF-16
text with a BOM. charset-normalizer (well kept, the detector requests uses) names the
encoding when the bytes are not UTF-8; bytes that decode to no plausible text (binary files)
are refused with a one-line reason.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""Longest first: a UTF-32 LE BOM starts with the UTF-16 LE one."""
CANDIDATES = ["cp1252", "iso8859_15", "latin_1", "cp1250", "iso8859_2", "cp1251", "koi8_r", "cp1253",
              "cp1254", "cp1257", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr", "utf_16"]
"""Encodings the detector chooses among: Western, Central and Eastern European, Greek,
Turkish, Baltic and CJK code pages, UTF-16 without a BOM."""
CLEAN_CHAOS = 0.05
"""charset-normalizer's "mess" ratio under which its choice is trusted over cp1252."""
MAX_CONTROL_SHARE = 0.01
"""Decoded text with more control characters than this (bar tab and newlines) is binary."""


class UndecodableText(ValueError):
    """The bytes are binary, or no encoding gives plausible text."""


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name).

    Raises:
        UndecodableText: with a one-line reason.
    """
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise UndecodableText(f"invalid {name} after its byte-order mark (byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise UndecodableText("binary file (NUL bytes), expected text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    name = _guess(data)
    try:
        return _checked(data.decode(name), name)
    except (UnicodeDecodeError, LookupError):
        raise UndecodableText(f"not valid {name} text") from None


def _guess(data: bytes) -> str:
    """The detector's choice among the encodings frt's sources use, with a bias to cp1252.

    On short texts detectors often prefer an exotic code page that decodes Western text
    equally well (or worse); cp1252 (a superset of Latin-1's printable range) wins whenever
    it is as clean as the best match, and whenever no match is clean.
    """
    matches = list(from_bytes(data[:200_000], cp_isolation=CANDIDATES))
    if not matches:
        return "cp1252" if _decodes(data, "cp1252") else "latin-1"
    best = matches[0]
    if any(m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01 for m in matches):
        return "cp1252"
    if best.chaos < CLEAN_CHAOS:
        return best.encoding
    return "cp1252" if _decodes(data, "cp1252") else "latin-1"


def _decodes(data: bytes, name: str) -> bool:
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def _checked(text: str, name: str) -> tuple[str, str]:
    sample = text[:20_000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if sample and control / len(sample) > MAX_CONTROL_SHARE:
        raise UndecodableText(f"binary content (control characters), even as {name}")
    return text, name
