"""Turning a fetched page into a document: HTML articles and PDFs (shared by the feed,
sitemap, listing and pdf spiders)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import HtmlResponse, Response, TextResponse

from crawler.extract.article import Article
from crawler.extract.dates import parse_date
from crawler.extract.pdftext import NotAPdf, looks_like_html, looks_like_pdf, read_pdf
from crawler.extract.pool import DEFAULT_AFTER, ArticlePool
from crawler.spiders.base import SourceSpider
from kb.keys import canonical_url


class DocumentSpider(SourceSpider):
    """Adds ``parse_document``: a 304 becomes NotModifiedItem, a PDF is checked and read
    per page, anything else is read as an HTML article."""

    def revisit_requests(self):
        """Each known document due for a revisit, asked conditionally (a 304 costs nothing),
        after what the feed or listing yields (lower priority; the dupefilter drops a URL the
        hub listed again)."""
        for known in self.revisit:
            request = self.document_request(known["url"], known.get("hints"), priority=-10)
            if request is not None:
                yield request

    def document_request(self, url: str, hints: dict[str, Any] | None = None,
                         expect_pdf: bool = False, hub: Response | None = None,
                         priority: int = 0):
        """Request a document page; hints (title, published, authors) fill gaps. ``hub``: the
        feed, sitemap or API page that listed it (a failure here keeps the hub's validators
        from being saved, so the next crawl reads the hub in full)."""
        expect_pdf = expect_pdf or url.lower().split("?")[0].endswith(".pdf")
        meta = {"frt_hub": canonical_url(hub.url)} if hub is not None else {}
        return self.request(url, self.parse_document, meta=meta, priority=priority,
                            cb_kwargs={"hints": hints or {}, "expect_pdf": expect_pdf})

    @property
    def article_pool(self) -> ArticlePool:
        """Where article text is extracted (crawler/extract/pool.py): in this process for the
        first FRT_ARTICLE_POOL_AFTER pages of the crawl, then in a worker on the other core."""
        if getattr(self, "_article_pool", None) is None:
            settings = getattr(getattr(self, "crawler", None), "settings", None)
            after = settings.getint("FRT_ARTICLE_POOL_AFTER", DEFAULT_AFTER) if settings else -1
            self._article_pool = ArticlePool(after)
        return self._article_pool

    def closed(self, reason: str) -> None:
        if getattr(self, "_article_pool", None) is not None:
            self._article_pool.close()

    async def parse_document(self, response: Response, hints: dict[str, Any] | None = None,
                             expect_pdf: bool = False) -> AsyncIterator[Any]:
        if response.status == 304:
            yield self.not_modified(response)
            return
        hints = hints or {}
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        is_pdf = any(t in content_type for t in self.source.accept_content_types) \
            or looks_like_pdf(response.body[:1024])
        if expect_pdf or is_pdf:
            if not (not looks_like_pdf(response.body) and "pdf" in content_type
                    and looks_like_html(response.body)):
                for item in self._pdf(response, content_type, hints):
                    yield item
                return
            # sniffed: an HTML page served as application/pdf is read as the HTML it is
            response = HtmlResponse(url=response.url, body=response.body, headers=response.headers,
                                    encoding="utf-8", request=response.request)
        if isinstance(response, TextResponse):
            art = await self.article_pool.extract(response.text, response.url)
            yield self._article(response, art, hints)
        else:
            self.report_error(f"{response.url}: unsupported content type {content_type!r}")
            self.fail_hub(response.meta.get("frt_hub"))

    def _pdf(self, response: Response, content_type: str, hints: dict) -> Iterator[Any]:
        if not looks_like_pdf(response.body):
            served = content_type.split(";")[0] or "unknown type"
            self.report_error(f"{response.url}: expected a PDF, got {served} (no %PDF magic)")
            self.fail_hub(response.meta.get("frt_hub"))
            return
        try:
            pdf = read_pdf(response.body)
        except NotAPdf as exc:
            self.report_error(f"{response.url}: {exc}")
            self.fail_hub(response.meta.get("frt_hub"))
            return
        stamp = self.note_change(hints.get("updated"))
        yield self.new_item(  # dates from the source first, else from the PDF's info dictionary
            response, text="\f".join(pdf.pages), pages=pdf.pages, content_type="application/pdf",
            title=hints.get("title") or pdf.title,
            published=parse_date(hints.get("published")) or pdf.created,
            modified=parse_date(hints.get("updated")) or pdf.modified, authors=hints.get("authors") or [],
            raw_sha256=hashlib.sha256(response.body).hexdigest(),
            external_id=hints.get("external_id"), metadata=dict(hints.get("metadata") or {}),
            kind=self.source.document_kind or "report", watermark=stamp)

    def _article(self, response: TextResponse, art: Article, hints: dict) -> Any:
        modified = art.modified or parse_date(hints.get("updated"))
        stamp = self.note_change(modified or hints.get("updated"))
        return self.new_item(
            response, text=art.text, watermark=stamp, title=art.title or hints.get("title"),
            canonical_url=art.canonical_url, published=art.published or parse_date(
                hints.get("published")), modified=modified,
            authors=art.authors or hints.get("authors") or [], language=art.language,
            external_id=hints.get("external_id"),
            metadata={**(hints.get("metadata") or {}), **art.metadata},
            kind=self.source.document_kind or "article")
