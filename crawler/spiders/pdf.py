"""PDF spider: fetch known report URLs, check they really are PDFs, store per-page text.

Domain: NIST reports, Legistar attachments, Federal Register pdf_url.
Caveats: Content-Type and the %PDF magic are both checked; an HTML viewer served where a
PDF was expected is reported as an error and not stored. Text comes from pypdf per page
(pages joined by form feeds); scanned pages without a text layer give empty pages.
"""

from __future__ import annotations

from crawler.spiders.documents import DocumentSpider


class PdfSpider(DocumentSpider):
    def first_requests(self):
        for url in self.source.start_urls or [self.source.api_base]:
            request = self.document_request(url, expect_pdf=True)
            if request is not None:
                yield request
