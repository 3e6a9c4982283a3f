"""Parsing helpers shared by the spiders: dotted paths, dates, feeds, articles, PDFs."""

from crawler.extract.dates import iso_utc, parse_date
from crawler.extract.paths import get_path, get_text

__all__ = ["get_path", "get_text", "iso_utc", "parse_date"]
