"""Paged JSON API spider: page, offset, cursor, next-URL and OData ($top/$skip) paging,
records mapped to documents through the source's field_map.

Domain: Federal Register, congress.gov, Open States, Legistar, OpenAlex, Crossref.
Caveats: stops on an empty or short page, a null next link/cursor, or a status listed in
``paging.stop_on_status`` past the first page (Open States answers 404 there). When a
query reports more results than ``paging.max_window``, its date window (partition_by /
partition_to) is halved until each part fits. With ``field_map.document_url`` each record's
document (a PDF or HTML page) is fetched and stored instead of the record's own fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy.http import Response

from crawler.constants import PagingType
from crawler.extract.dates import parse_date
from crawler.extract.paths import get_path, get_text
from crawler.extract.transforms import TRANSFORMS
from crawler.spiders.documents import DocumentSpider
from crawler.spiders.params import base_params, query_value, with_params

Window = tuple[str, str]


class JsonApiSpider(DocumentSpider):
    handle_httpstatus_list = [304, 404]

    def first_requests(self):
        fmt = self.source.incremental.format if self.source.incremental else "%Y-%m-%d"
        pairs = base_params(self.source, self.since_text(fmt))
        paging = self.source.paging
        if paging.type in (PagingType.PAGE, PagingType.OFFSET):
            pairs.append((paging.param, paging.first if paging.first is not None else
                          (1 if paging.type == PagingType.PAGE else 0)))
        elif paging.type == PagingType.CURSOR and paging.first not in (None, ""):
            pairs.append((paging.param, paging.first))  # most cursor APIs want none on page one
        if paging.type == PagingType.ODATA:
            pairs += [(paging.size_param or "$top", paging.size), (paging.param or "$skip", 0)]
        elif paging.size_param:
            pairs.append((paging.size_param, paging.size))
        window = None
        if paging.partition_by:
            start = (self.since or parse_date(paging.partition_start)).strftime("%Y-%m-%d")
            window = (start, datetime.now(UTC).strftime("%Y-%m-%d"))
        fan = self.source.fan_out
        for url in [self.source.api_base] if self.source.api_base else self.source.start_urls:
            for value in fan.values if fan else [None]:
                target = url.replace("{each}", value) if fan and not fan.param else url
                extra = [(fan.param, value)] if fan and fan.param else []
                own = [(k, v) for k, v in pairs if not (fan and k == fan.param)]
                request = self._page(with_params(target, own + extra), window, first=True)
                if request is not None:
                    yield request

    def _page(self, url: str, window: Window | None, first: bool = False):
        if window:
            url = with_params(url, [(self.source.paging.partition_by, window[0]),
                                    (self.source.paging.partition_to, window[1])])
        return self.request(url, self.parse_page, cb_kwargs={"window": window, "first": first})

    def parse_page(self, response: Response, window: Window | None = None,
                   first: bool = False) -> Iterator[Any]:
        if response.status == 304:
            return
        if response.status in self.source.paging.stop_on_status and not first:
            self.logger.info("%s: HTTP %s past the last page, done", response.url, response.status)
            return
        if response.status >= 400:
            self.report_error(f"{response.url}: HTTP {response.status}")
            return
        try:
            data = json.loads(response.body)
        except (ValueError, RecursionError) as exc:  # RecursionError: nesting ~1,000 deep
            self.report_error(f"{response.url}: not JSON ({exc})")
            return
        if window and first and (split := self._split(data, window)):
            for part in split:
                request = self._page(response.url, part, first=True)
                if request is not None:
                    yield request
            return
        records = get_path(data, self.source.results_path or "$")
        if not isinstance(records, list):
            self.report_error(f"{response.url}: no record list at {self.source.results_path!r}")
            return
        for n, record in enumerate(records, 1):
            if isinstance(record, dict):
                try:  # one odd record (a transform meeting an unexpected type) is skipped
                    yield from self._record(response, record)
                except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
                    self.report_error(f"{response.url}: record {n} skipped: "
                                      f"{type(exc).__name__}: {exc}"[:500])
        try:
            next_url = self._next_url(response, data, len(records))
        except (ValueError, TypeError) as exc:
            self.report_error(f"{response.url}: no next page: {type(exc).__name__}: {exc}"[:500])
            return
        if next_url:
            request = self.request(next_url, self.parse_page, cb_kwargs={"window": window})
            if request is not None:
                yield request

    def _split(self, data: Any, window: Window) -> list[Window] | None:
        paging = self.source.paging
        count = get_path(data, paging.count_path) if paging.count_path else None
        if not paging.max_window or not isinstance(count, int) or count <= paging.max_window:
            return None
        start, end = (datetime.strptime(d, "%Y-%m-%d") for d in window)
        if end - start < timedelta(days=1):
            self.report_error(f"{count} results in one day exceed max_window; some are unreachable")
            return None
        middle = start + (end - start) / 2
        return [(window[0], middle.strftime("%Y-%m-%d")),
                ((middle + timedelta(days=1)).strftime("%Y-%m-%d"), window[1])]

    def _next_url(self, response: Response, data: Any, count: int) -> str | None:
        paging = self.source.paging
        if count == 0 or paging.type == PagingType.NONE:
            return None
        if paging.type in (PagingType.NEXT_URL, PagingType.CURSOR):
            nxt = get_path(data, paging.next_path)
            if not nxt:
                return None
            if paging.type == PagingType.NEXT_URL:
                return response.urljoin(str(nxt))
            return with_params(response.url, [(paging.param, nxt)])
        if count < paging.size:
            return None  # a short page is the last one
        name = paging.param or "$skip"
        current = int(query_value(response.url, name) or (paging.first or 0))
        step = 1 if paging.type == PagingType.PAGE else count
        return with_params(response.url, [(name, current + step)])

    def _value(self, record: dict, path: str | None) -> str | None:
        """Text at path, through the field_map transform named for it, if any."""
        name = self.source.field_map.transforms.get(path or "")
        return TRANSFORMS[name](get_path(record, path)) if name else get_text(record, path)

    def _record(self, response: Response, record: dict) -> Iterator[Any]:
        fm = self.source.field_map
        record_id = get_text(record, fm.id)
        parts = [self._value(record, path) for path in fm.text]
        title = self._value(record, fm.title)
        inc = self.source.incremental
        stamp = self.note_change(get_text(record, inc.watermark_from) if inc and
                                 inc.watermark_from else None)
        authors = get_path(record, fm.authors) if fm.authors else []
        authors = [a for a in (authors if isinstance(authors, list) else [authors])
                   if isinstance(a, str)]
        external_id = record_id if self.source.dedupe_key != "url" else None
        metadata = {k: get_path(record, p) for k, p in fm.metadata.items()}
        document_url = get_text(record, fm.document_url) if fm.document_url else None
        if document_url:  # the record points at the real document (PDF or HTML): fetch it
            hints = {"title": title, "published": self._value(record, fm.published),
                     "updated": self._value(record, fm.modified), "authors": authors,
                     "external_id": external_id, "metadata": metadata}
            request = self.document_request(response.urljoin(document_url), hints, hub=response)
            if request is not None:
                yield request
            return
        yield self.new_item(
            response, url=get_text(record, fm.url) or f"{response.url}#{record_id}",
            title=title, text="\n\n".join(p for p in [title, *parts] if p),
            published=parse_date(self._value(record, fm.published)),
            modified=parse_date(self._value(record, fm.modified)),
            authors=authors, external_id=external_id, metadata=metadata,
            content_type="application/json", watermark=stamp,
            kind=self.source.document_kind or "record")
