"""Generated JSON API pages (records of every JSON type, deep nesting, broken JSON, odd
encodings) through the JSON API spider's callback, under generated field maps, result
paths and paging: no exception escapes, a page that is not JSON is reported in one line."""

from __future__ import annotations

import json

from hypothesis import example, given, strategies as st
from scrapy.http import Request, TextResponse

from crawler.items import DocumentItem
from crawler.spiders.json_api import JsonApiSpider
from tests.fuzz.hostile import (Filler, assert_no_leak, encode, fillers, make_spider, mutate,
                                run_callback, texts_of)

URL = "https://api.example.org/v1/bills?page=1"
PATHS = ["results", "data.items", "$", "message.items", "results.0", "missing.path", "a[*].b"]
FIELDS = ["id", "title", "abstract", "date", "updated", "authors", "url", "pdf", "nested.deep",
          "agencies[*].name", "abstract_inverted_index", "issued", "b64", "summary"]
PAGING = [{"type": "none"}, {"type": "page", "param": "page", "size": 2},
          {"type": "offset", "param": "offset", "size_param": "limit", "size": 2},
          {"type": "cursor", "param": "cursor", "next_path": "meta.next_cursor"},
          {"type": "next_url", "next_path": "next"}, {"type": "odata", "size": 2},
          {"type": "page", "param": "page", "size": 2, "max_window": 3, "count_path": "count",
           "partition_by": "since", "partition_to": "until"}]


def value(f: Filler, depth: int = 0):
    """A JSON value of any type, hostile strings included."""
    kind = f.pick(["str", "str", "str", "int", "float", "none", "bool", "list", "dict", "date",
                   "link", "inverted", "dateparts"] if depth < 3 else ["str", "int", "none"])
    if kind == "str":
        return f.text()
    if kind == "int":
        return f.pick([0, -1, 2 ** 63, 10 ** 30, 7])
    if kind == "float":
        return f.pick([1.5, -0.0, 1e308])
    if kind in ("none", "bool"):
        return None if kind == "none" else f.chance(0.5)
    if kind == "list":
        return [value(f, depth + 1) for _ in range(f.rng.randint(0, 3))]
    if kind == "dict":
        return {f.pick(FIELDS + ["name", "@id"]): value(f, depth + 1)
                for _ in range(f.rng.randint(0, 3))}
    if kind == "date":
        return f.date()
    if kind == "link":
        return f.link()
    if kind == "inverted":
        return f.pick([{"Face": [0], "ban": [1]}, {"a": 3}, {"a": ["x", 1]}, {"a": [None]}])
    return f.pick([{"date-parts": [[2024, 5]]}, {"date-parts": [["x"]]}, {"date-parts": [[]]},
                   {"date-parts": 5}, {"date-parts": [[2024, 13, 99]]},
                   {"date-parts": [[10 ** 9]]}])


def record(f: Filler):
    if f.chance(0.1):
        return value(f)  # not a dict: skipped
    return {name.split(".")[0].split("[")[0]: value(f) for name in FIELDS if f.chance(0.6)}


def nested(depth: int) -> str:
    return '{"results": ' + "[" * depth + "]" * depth + "}"


@st.composite
def api_case(draw):
    f = draw(fillers())
    paging = draw(st.sampled_from(PAGING))
    results_path = draw(st.sampled_from(PATHS))
    transforms = {p: t for p, t in zip(["abstract_inverted_index", "issued", "b64", "summary"],
                                      ["inverted_index", "date_parts", "base64", "strip_html"])
                  if f.chance(0.5)}
    field_map = {"id": "id", "title": f.pick(["title", "nested.deep", "authors"]),
                 "text": ["abstract", "abstract_inverted_index", "b64", "summary"],
                 "url": "url", "published": f.pick(["date", "issued"]), "modified": "updated",
                 "authors": f.pick(["authors", "agencies[*].name"]),
                 "metadata": {"n": "nested.deep"}, "transforms": transforms}
    if f.chance(0.2):
        field_map["document_url"] = "pdf"
    fields = {"spider": "json_api", "api_base": "https://api.example.org/v1/bills",
              "start_urls": [], "results_path": results_path, "paging": paging,
              "field_map": field_map, "dedupe_key": f.pick(["url", "id"])}
    shape = draw(st.sampled_from(["records", "records", "records", "deep", "scalar"]))
    if shape == "deep":
        text = nested(draw(st.sampled_from([50, 990, 10_000, 100_000])))
    elif shape == "scalar":
        text = f.pick(["null", "1", '"x"', "[]", "{}", "", "NaN", "[1,2", '{"results": {}}'])
    else:
        records = [record(f) for _ in range(draw(st.integers(0, 4)))]
        page = {"count": f.pick([1, 10, "ten", None]), "next": f.link(),
                "meta": {"next_cursor": f.pick([None, "abc", "", 5])}}
        container = {"$": records, "results.0": [records]}.get(results_path, records)
        if results_path in ("results", "data.items", "message.items"):
            head, tail = results_path.split(".") if "." in results_path else (results_path, None)
            page[head] = {tail: records} if tail else records
            text = json.dumps(page, ensure_ascii=f.chance(0.5))
        else:
            text = json.dumps(container if results_path != "results.0" else {"results": [records]})
    body = draw(mutate(draw(encode(text, declared=False))))
    return fields, body


def _run(fields: dict, body: bytes, status: int = 200):
    spider = make_spider(JsonApiSpider, **fields)
    response = TextResponse(url=URL, body=body, status=status, request=Request(URL),
                            headers={"Content-Type": "application/json"})
    out = run_callback(spider, spider.parse_page(response, first=True))
    return spider, out


BASE = {"spider": "json_api", "api_base": "https://api.example.org/v1/bills", "start_urls": [],
        "results_path": "results", "field_map": {"id": "id", "title": "title", "text": ["t"]}}


@given(api_case())
@example((BASE, nested(10_000).encode()))
@example(({**BASE, "field_map": {"id": "id", "text": ["i"], "transforms": {"i": "inverted_index"}}},
          b'{"results": [{"id": 1, "i": {"a": 3}}, {"id": 2, "i": {"Face": [0]}}]}'))
@example(({**BASE, "field_map": {"id": "id", "published": "d", "transforms": {"d": "date_parts"}}},
          b'{"results": [{"id": 1, "d": {"date-parts": [["x"]]}}]}'))
@example(({**BASE, "field_map": {"id": "id", "document_url": "u"}},
          b'{"results": [{"id": 1, "u": "http://[::1"}, {"id": 2, "u": "file:///etc/passwd"}]}'))
def test_json_api_callback_never_raises(case):
    fields, body = case
    spider, out = _run(fields, body)
    reasons = spider.crawler.reasons
    assert_no_leak(texts_of(out, reasons))
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        assert out == [] and len(reasons) == 1
    for item in out:
        if isinstance(item, DocumentItem):
            assert isinstance(item.text, str) and item.url


def test_ten_thousand_levels_of_nesting_are_one_reason():
    """json.loads raised RecursionError (not ValueError), which escaped the callback (fixed)."""
    spider, out = _run(BASE, nested(10_000).encode())
    assert out == [] and len(spider.crawler.reasons) == 1
    assert "not JSON" in spider.crawler.reasons[0]


def test_one_bad_record_is_reported_and_the_others_kept():
    fields = {**BASE, "field_map": {"id": "id", "title": "title", "text": ["i"],
                                    "transforms": {"i": "inverted_index"}}}
    body = (b'{"results": [{"id": 1, "i": {"a": 3}}, {"id": 2, "title": "Ban on face '
            b'recognition", "i": {"Face": [0], "ban": [1]}}]}')
    spider, out = _run(fields, body)
    assert [i.title for i in out if isinstance(i, DocumentItem)] == ["Ban on face recognition"]
    assert len(spider.crawler.reasons) == 1 and "record 1" in spider.crawler.reasons[0]
