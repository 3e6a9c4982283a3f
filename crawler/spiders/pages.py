"""Pages spider: a plain list of document URLs (``start_urls``), each stored as a document.

Domain: a regulator's decision pages, a handful of statements, reports with stable URLs.
Caveats: nothing is discovered; each URL is read by what it is (PDF by content type or
magic, HTML otherwise, an HTML page served as a PDF sniffed and read as HTML).
"""

from __future__ import annotations

from crawler.spiders.documents import DocumentSpider


class PagesSpider(DocumentSpider):
    def first_requests(self):
        for url in self.source.start_urls or [self.source.api_base]:
            request = self.document_request(url)
            if request is not None:
                yield request
