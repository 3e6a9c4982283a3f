"""PDF checks and per-page text extraction with pypdf."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns per odd object


class NotAPdf(ValueError):
    """Raised by pdf_pages when the bytes are not a PDF (an HTML viewer served instead)."""


def looks_like_pdf(body: bytes) -> bool:
    """True when ``%PDF`` appears within the first 1 KiB (some servers prepend junk)."""
    return b"%PDF" in body[:1024]


def read_pdf(body: bytes) -> tuple[list[str], str | None]:
    """Text of each page (empty for a page without a text layer) and the info title.

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
    return pages, (meta.title if meta and meta.title else None)
