"""The generic spiders, one module per spider type; SPIDERS maps SpiderType to class."""

from crawler.constants import SpiderType
from crawler.spiders.base import SourceSpider
from crawler.spiders.feed import FeedSpider
from crawler.spiders.html_listing import HtmlListingSpider
from crawler.spiders.json_api import JsonApiSpider
from crawler.spiders.pages import PagesSpider
from crawler.spiders.pdf import PdfSpider
from crawler.spiders.sitemap import SitemapSpider

SPIDERS: dict[SpiderType, type[SourceSpider]] = {
    SpiderType.FEED: FeedSpider,
    SpiderType.SITEMAP: SitemapSpider,
    SpiderType.JSON_API: JsonApiSpider,
    SpiderType.HTML_LISTING: HtmlListingSpider,
    SpiderType.PDF: PdfSpider,
    SpiderType.PAGES: PagesSpider,
}

__all__ = ["SPIDERS", "SourceSpider"]
