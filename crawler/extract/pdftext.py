"""PDF checks and per-page text extraction with pypdf."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from pypdf import PdfReader

logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns per odd object
logger = logging.getLogger(__name__)

MAX_PAGE_CONTENT = 1 << 20
"""Pages whose content stream decompresses to more are read as pages without text: a 20 KB
file holding 7 MB of text operators kept pypdf busy for 33 s. Dense text pages hold tens of
KB; past 1 MB a page is drawings or hostile."""


class NotAPdf(ValueError):
    """Raised by pdf_pages when the bytes are not a PDF (an HTML viewer served instead)."""


def looks_like_pdf(body: bytes) -> bool:
    """True when ``%PDF`` appears within the first 1 KiB (some servers prepend junk)."""
    return b"%PDF" in body[:1024]


@dataclass
class PdfDocument:
    pages: list[str]
    title: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


def _info_date(meta, key: str) -> datetime | None:
    """A date of the document information dictionary (``D:20191219083000-05'00'``)."""
    try:
        value = getattr(meta, key)
    except Exception:  # noqa: BLE001 - a malformed date string: no date
        return None
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def looks_like_html(body: bytes) -> bool:
    """True when the first 1 KiB opens an HTML document (a page served with a PDF type)."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _page_text(page, number: int) -> str:
    contents = page.get_contents()
    size = len(contents.get_data()) if contents is not None else 0
    if size > MAX_PAGE_CONTENT:
        logger.warning("PDF page %d: content stream of %d bytes over %d, read as no text",
                       number, size, MAX_PAGE_CONTENT)
        return ""
    return (page.extract_text() or "").strip()


def read_pdf(body: bytes) -> PdfDocument:
    """Text of each page (empty for a page without a text layer), and the info dictionary's
    title, creation and modification dates.

    Raises:
        NotAPdf: missing %PDF magic or a file pypdf cannot read.
    """
    if not looks_like_pdf(body):
        raise NotAPdf("no %PDF magic in the first 1 KiB")
    try:
        reader = PdfReader(io.BytesIO(body))
        pages = [_page_text(page, n) for n, page in enumerate(reader.pages, 1)]
        meta = reader.metadata
    except Exception as exc:
        raise NotAPdf(f"unreadable PDF: {exc}".splitlines()[0]) from exc
    if meta is None:
        return PdfDocument(pages)
    return PdfDocument(pages, meta.title or None, _info_date(meta, "creation_date"),
                       _info_date(meta, "modification_date"))
