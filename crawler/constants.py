"""Closed vocabularies of the crawler, reused as JSON-schema enums by the source model."""

from enum import StrEnum


class SourceKind(StrEnum):
    """What kind of publisher a source is."""

    VENDOR = "vendor"
    LEGISLATURE = "legislature"
    REGULATOR = "regulator"
    RESEARCH = "research"
    NEWS = "news"
    BENCHMARK = "benchmark"


class SpiderType(StrEnum):
    """The generic spiders in crawler/spiders/."""

    FEED = "feed"
    SITEMAP = "sitemap"
    JSON_API = "json_api"
    HTML_LISTING = "html_listing"
    PDF = "pdf"
    PAGES = "pages"


class PagingType(StrEnum):
    """How a JSON API (or a paged feed) is walked."""

    NONE = "none"
    PAGE = "page"  # Federal Register, Open States: page=1,2,...
    OFFSET = "offset"  # congress.gov, Semantic Scholar: offset=0,250,...
    CURSOR = "cursor"  # OpenAlex next_cursor, Crossref next-cursor
    NEXT_URL = "next_url"  # Federal Register next_page_url, congress.gov pagination.next
    ODATA = "odata"  # Legistar $top/$skip
    START = "start"  # arXiv start/max_results


class AuthType(StrEnum):
    NONE = "none"
    QUERY = "query"
    HEADER = "header"
