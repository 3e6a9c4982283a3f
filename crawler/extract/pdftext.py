"""PDF checks and per-page text extraction with pypdf."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from pypdf import PdfReader

logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns per odd object


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
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        meta = reader.metadata
    except Exception as exc:
        raise NotAPdf(f"unreadable PDF: {exc}".splitlines()[0]) from exc
    if meta is None:
        return PdfDocument(pages)
    return PdfDocument(pages, meta.title or None, _info_date(meta, "creation_date"),
                       _info_date(meta, "modification_date"))
