"""The bundled demo site: source YAMLs, the server (types, {base_url}, conditional GET, 404),
the Open States and arXiv imitations (paging), the RSS feed, article JSON-LD and the PDF."""

from __future__ import annotations

import http.client
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen
from urllib.robotparser import RobotFileParser

import pytest

from crawler.demo_site import SITE_DIR, SOURCES_DIR
from crawler.demo_site.server import ROUTES, Response, serve
from crawler.registry import load_sources

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
ARTICLE_TYPES = {"NewsArticle", "BlogPosting", "Article"}
LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def base_url():
    with serve() as url:
        yield url


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    try:
        with urlopen(Request(url, headers=headers or {}), timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except HTTPError as err:
        return err.code, dict(err.headers), err.read()


def get_ok(url: str) -> bytes:
    status, _, body = fetch(url)
    assert status == 200, url
    return body


# --- sources -----------------------------------------------------------------------------------


def test_demo_sources_load_and_point_at_the_server(base_url):
    sources = load_sources(SOURCES_DIR, base_url=base_url)
    assert set(sources) == {"demo_newsroom", "demo_legislature", "demo_arxiv", "demo_reports"}
    expected = {
        "demo_newsroom": ("vendor", "feed"),
        "demo_legislature": ("legislature", "json_api"),
        "demo_arxiv": ("research", "feed"),
        "demo_reports": ("benchmark", "pdf"),
    }
    for sid, source in sources.items():
        assert (source.kind.value, source.spider.value) == expected[sid]
        assert source.respect_robots and source.rate.min_interval_s == 0
        urls = source.start_urls + ([source.api_base] if source.api_base else [])
        assert urls, sid
        for url in urls:
            assert url.startswith(base_url) and "{base_url}" not in url
            status, _, _ = fetch(url)
            assert status == 200, url
    assert sources["demo_newsroom"].follow_links is True
    leg = sources["demo_legislature"]
    assert (leg.paging.type.value, leg.paging.size, leg.results_path, leg.dedupe_key) == ("page", 2, "results", "id")
    assert leg.paging.stop_on_status == [404] and leg.paging.count_path == "pagination.total_items"
    assert sources["demo_arxiv"].paging.type.value == "start"
    assert sources["demo_arxiv"].dedupe_key == "arxiv_id"


# --- server ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "ctype"),
    [
        ("/newsroom/feed.xml", "application/rss+xml"),
        ("/newsroom/amazon/2020/06/one-year-moratorium-on-police-use-of-rekognition.html", "text/html; charset=utf-8"),
        ("/openstates/bills", "application/json"),
        ("/openstates/bills.json", "application/json"),
        ("/arxiv/api/query?search_query=all:face", "application/atom+xml"),
        ("/reports/frvt-demographics-summary.pdf", "application/pdf"),
        ("/robots.txt", "text/plain"),
        ("/sitemap.xml", "application/xml"),
        ("/reports/", "text/html"),
    ],
)
def test_content_type_and_length(base_url, path, ctype):
    status, headers, body = fetch(base_url + path)
    assert status == 200
    assert headers["Content-Type"].startswith(ctype)
    assert int(headers["Content-Length"]) == len(body) > 0
    assert re.fullmatch(r'"[0-9a-f]{32}"', headers["ETag"])
    assert parsedate_to_datetime(headers["Last-Modified"]).year >= 2020


def test_base_url_is_substituted_in_text_files_only(base_url):
    for path in ["/newsroom/feed.xml", "/robots.txt", "/sitemap.xml", "/openstates/bills?include=sources",
                 "/arxiv/api/query", "/newsroom/ibm/2020/06/ceo-letter-to-congress-on-racial-justice-reform.html"]:
        body = get_ok(base_url + path).decode()
        assert "{base_url}" not in body, path
        assert base_url in body, path
    pdf = SITE_DIR / "reports/frvt-demographics-summary.pdf"
    assert get_ok(base_url + "/reports/frvt-demographics-summary.pdf") == pdf.read_bytes()


@pytest.mark.parametrize("path", ["/newsroom/feed.xml", "/reports/frvt-demographics-summary.pdf",
                                  "/openstates/bills?page=2", "/arxiv/api/query?start=2"])
def test_conditional_get(base_url, path):
    status, headers, body = fetch(base_url + path)
    assert status == 200 and body
    status, h304, body = fetch(base_url + path, {"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")
    assert h304["ETag"] == headers["ETag"]
    status, _, body = fetch(base_url + path, {"If-Modified-Since": headers["Last-Modified"]})
    assert (status, body) == (304, b"")
    status, _, body = fetch(base_url + path, {"If-None-Match": '"0000"'})
    assert status == 200 and body
    status, _, _ = fetch(base_url + path, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert status == 200


def test_head_sends_headers_without_body(base_url):
    host = urlsplit(base_url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=5)
    conn.request("HEAD", "/newsroom/feed.xml")
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    full = get_ok(base_url + "/newsroom/feed.xml")
    assert resp.status == 200 and body == b""
    assert int(resp.getheader("Content-Length")) == len(full)


def test_etag_is_a_hash_of_the_served_bytes(base_url):
    _, h1, b1 = fetch(base_url + "/arxiv/api/query?start=0")
    _, h2, b2 = fetch(base_url + "/arxiv/api/query?start=2")
    assert b1 != b2 and h1["ETag"] != h2["ETag"]
    assert fetch(base_url + "/arxiv/api/query?start=0")[1]["ETag"] == h1["ETag"]


def test_missing_files_and_traversal_give_404(base_url):
    assert fetch(base_url + "/newsroom/no-such-post.html")[0] == 404
    host = urlsplit(base_url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=5)
    conn.request("GET", "/../server.py")
    resp = conn.getresponse()
    assert resp.status == 404 and b"serve(" not in resp.read()
    conn.close()


def test_route_table_is_extensible(base_url):
    ROUTES["/test/hello"] = lambda req: Response(200, f"hi {req.arg('name')}".encode(), "text/plain")
    try:
        assert get_ok(base_url + "/test/hello?name=frt") == b"hi frt"
    finally:
        del ROUTES["/test/hello"]
    assert fetch(base_url + "/test/hello")[0] == 404
    assert fetch(base_url + "/arxiv/abs/9999.99999v1")[0] == 404


def test_many_concurrent_requests(base_url):
    urls = [base_url + "/newsroom/feed.xml", base_url + "/openstates/bills", base_url + "/arxiv/api/query"] * 40
    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(lambda u: fetch(u)[0], urls))
    assert statuses == [200] * len(urls)


def test_command_line_prints_base_url_and_serves():
    proc = subprocess.Popen([sys.executable, "-m", "crawler.demo_site.server", "--port", "0"],
                            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
    try:
        line = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", line)
        assert b"Disallow: /private/" in get_ok(line + "/robots.txt")
        assert json.loads(get_ok(line + "/openstates/bills"))["pagination"]["page"] == 1
    finally:
        proc.terminate()
        proc.wait(timeout=5)


# --- Open States imitation ---------------------------------------------------------------------


def stored_bills() -> list[dict]:
    return json.loads((SITE_DIR / "openstates/bills.json").read_text())["results"]


@pytest.mark.parametrize("per_page", [1, 2, 3])
def test_openstates_paging_returns_every_bill_once(base_url, per_page):
    seen, page, max_page = [], 1, None
    while True:
        status, _, body = fetch(f"{base_url}/openstates/bills?" + urlencode({"page": page, "per_page": per_page}))
        if max_page is not None and page > max_page:
            assert status == 404
            assert "detail" in json.loads(body)
            break
        assert status == 200
        data = json.loads(body)
        pg = data["pagination"]
        assert (pg["page"], pg["per_page"], pg["total_items"]) == (page, per_page, len(stored_bills()))
        max_page = pg["max_page"]
        assert 1 <= len(data["results"]) <= per_page
        seen += [b["id"] for b in data["results"]]
        page += 1
    assert sorted(seen) == sorted(b["id"] for b in stored_bills())
    assert max_page == -(-len(stored_bills()) // per_page)


def test_openstates_default_page_size_and_shape(base_url):
    data = json.loads(get_ok(base_url + "/openstates/bills?include=abstracts&include=actions"))
    assert data["pagination"]["per_page"] == 2 and len(data["results"]) == 2
    for bill in data["results"]:
        assert bill["id"].startswith("ocd-bill/")
        for key in ["session", "jurisdiction", "identifier", "title", "classification", "subject",
                    "created_at", "updated_at", "openstates_url", "latest_action_date",
                    "latest_action_description", "abstracts", "actions"]:
            assert key in bill, key
        assert "sources" not in bill and "versions" not in bill  # not included
        assert bill["abstracts"][0]["abstract"]
    bare = json.loads(get_ok(base_url + "/openstates/bills"))["results"][0]
    assert "abstracts" not in bare and "actions" not in bare


def test_openstates_filters(base_url):
    def ids(query):
        return {b["identifier"] for b in json.loads(get_ok(base_url + "/openstates/bills?per_page=20&" + query))["results"]}

    assert ids("q=body-worn") == {"AB 1215"}
    assert ids("updated_since=2020-07-01") == {"A 6787", "Ordinance 190114"}
    assert ids("q=schools") == {"A 6787"}
    assert ids("jurisdiction=ca") == {"AB 1215", "File No. 190110"}
    assert ids(urlencode({"q": "facial recognition", "jurisdiction": "us"})) == {b["identifier"] for b in stored_bills()}
    assert fetch(base_url + "/openstates/bills?page=0")[0] == 400


def test_openstates_urls_are_served(base_url):
    data = json.loads(get_ok(base_url + "/openstates/bills?per_page=20"))
    for bill in data["results"]:
        page = get_ok(bill["openstates_url"]).decode()
        assert f"{bill['identifier']}: {bill['title']}" in page.replace("&#x27;", "'")
    assert fetch(base_url + "/openstates/us/bills/116/S9999/")[0] == 404
    assert get_ok(base_url + "/openstates/bills.json").startswith(b"{")


def test_openstates_required_bills_are_present():
    by_id = {b["identifier"]: b for b in stored_bills()}
    sf = by_id["File No. 190110"]
    assert sf["jurisdiction"]["name"] == "San Francisco" and sf["latest_action_date"].startswith("2019-05")
    assert "Police Department" in sf["abstracts"][0]["abstract"]
    assert "moratorium on federal use" in by_id["S 4084"]["abstracts"][0]["abstract"]
    assert by_id["S 4084"]["created_at"].startswith("2020")


# --- arXiv imitation ---------------------------------------------------------------------------


def stored_entry_ids() -> list[str]:
    root = ET.parse(SITE_DIR / "arxiv/entries.xml").getroot()
    return [e.findtext(f"{ATOM}id").rsplit("/", 1)[1] for e in root.iter(f"{ATOM}entry")]


def query_arxiv(base_url, **params) -> ET.Element:
    return ET.fromstring(get_ok(f"{base_url}/arxiv/api/query?" + urlencode(params)))


@pytest.mark.parametrize("size", [2, 3])
def test_arxiv_slices_and_opensearch_numbers(base_url, size):
    stored = stored_entry_ids()
    total, seen = len(stored), []
    for start in range(0, total + size, size):
        feed = query_arxiv(base_url, search_query="all:face OR all:facial", start=start, max_results=size)
        assert int(feed.findtext(f"{OPENSEARCH}totalResults")) == total
        assert int(feed.findtext(f"{OPENSEARCH}startIndex")) == start
        assert int(feed.findtext(f"{OPENSEARCH}itemsPerPage")) == size
        assert feed.findtext(f"{ATOM}title").startswith("arXiv Query: search_query=")
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == max(0, min(size, total - start))
        seen += [e.findtext(f"{ATOM}id").rsplit("/", 1)[1] for e in entries]
    assert seen == stored  # in stored (newest first) order, each once


def test_arxiv_default_page_and_entry_shape(base_url):
    feed = query_arxiv(base_url, search_query="all:face")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2 and feed.findtext(f"{OPENSEARCH}itemsPerPage") == "2"
    for e in entries:
        arxiv_id = re.fullmatch(r"http://arxiv\.org/abs/(\d{4}\.\d{5}v\d+)", e.findtext(f"{ATOM}id"))[1]
        alternate = e.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert alternate == f"{base_url}/arxiv/abs/{arxiv_id}"
        abs_page = get_ok(alternate).decode()
        assert f"<title>[{arxiv_id}] {e.findtext(f'{ATOM}title')}</title>" in abs_page
        assert f'content="{arxiv_id[:-2]}"' in abs_page
        for tag in ["published", "updated", "title", "summary"]:
            assert e.findtext(f"{ATOM}{tag}").strip(), tag
        assert "\n" in e.findtext(f"{ATOM}summary").strip()  # hard line breaks
        rels = {(ln.get("rel"), ln.get("title")) for ln in e.findall(f"{ATOM}link")}
        assert ("alternate", None) in rels and ("related", "pdf") in rels
        assert e.find("{http://arxiv.org/schemas/atom}primary_category") is not None
        assert e.findall(f"{ATOM}author/{ATOM}name")


def test_arxiv_query_filters_and_empty_slice(base_url):
    feed = query_arxiv(base_url, search_query='ti:"gender shades"')
    assert feed.findtext(f"{OPENSEARCH}totalResults") == "1"
    assert "34.7%" in feed.find(f"{ATOM}entry").findtext(f"{ATOM}summary")
    by_author = query_arxiv(base_url, search_query="au:Buolamwini", max_results=10)
    assert len(by_author.findall(f"{ATOM}entry")) == 2
    empty = query_arxiv(base_url, search_query="all:zebrafish", start=0, max_results=5)
    assert empty.findall(f"{ATOM}entry") == [] and empty.findtext(f"{OPENSEARCH}totalResults") == "0"


def test_arxiv_key_findings_are_stated():
    text = (SITE_DIR / "arxiv/entries.xml").read_text()
    flat = " ".join(text.split())
    for fact in ["34.7%", "0.8%", "Pilot Parliaments Benchmark", "31.37%", "Amazon Rekognition", "10.1145/3306618.3314244"]:
        assert fact in flat, fact


# --- newsroom ----------------------------------------------------------------------------------


def feed_items(base_url) -> list[ET.Element]:
    root = ET.fromstring(get_ok(base_url + "/newsroom/feed.xml"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for tag in ["title", "link", "description", "lastBuildDate"]:
        assert channel.findtext(tag), tag
    return channel.findall("item")


def test_rss_feed_items(base_url):
    items = feed_items(base_url)
    assert len(items) >= 7
    dates, vendors = [], set()
    for item in items:
        pub = item.findtext("pubDate")
        assert RFC822.match(pub), pub
        dates.append(parsedate_to_datetime(pub))
        link = item.findtext("link")
        assert item.find("guid").get("isPermaLink") == "true" and item.findtext("guid") == link
        m = re.fullmatch(re.escape(base_url) + r"/newsroom/([a-z]+)/(\d{4})/(\d{2})/[a-z0-9-]+\.html", link)
        assert m, link
        assert (int(m[2]), int(m[3])) == (dates[-1].year, dates[-1].month)
        vendors.add(m[1])
        for tag in ["title", "description", "category", "{http://purl.org/dc/elements/1.1/}creator"]:
            assert item.findtext(tag), tag
    assert dates == sorted(dates, reverse=True)
    assert {"amazon", "ibm", "microsoft"} <= vendors and len(vendors) >= 3


def article_nodes(html: str) -> list[dict]:
    nodes = []
    for block in LD_RE.findall(html):
        data = json.loads(block)
        nodes += data.get("@graph", [data])
    return [n for n in nodes if n.get("@type") in ARTICLE_TYPES]


def test_every_article_has_metadata_and_jsonld(base_url):
    in_graph = 0
    for item in feed_items(base_url):
        link = item.findtext("link")
        html = get_ok(link).decode()
        assert f'<link rel="canonical" href="{link}">' in html
        assert re.search(r'<meta name="description" content="[^"]+">', html)
        assert f'<meta property="og:url" content="{link}">' in html
        published = re.search(r'<meta property="article:published_time" content="([^"]+)">', html)[1]
        assert "<article" in html and "<nav" in html and "<footer" in html
        body = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)[1]
        assert body.count("<p") >= 3
        nodes = article_nodes(html)
        assert len(nodes) == 1, link
        node = nodes[0]
        assert node["headline"] == item.findtext("title")
        assert datetime.fromisoformat(node["datePublished"]) == parsedate_to_datetime(item.findtext("pubDate"))
        assert node["datePublished"] == published
        assert datetime.fromisoformat(node["dateModified"]) >= datetime.fromisoformat(node["datePublished"])
        assert node["author"][0]["@type"] == "Person" and node["author"][0]["name"]
        assert node["publisher"]
        in_graph += '"@graph"' in html
    assert in_graph >= 1


# Facts the NLP and integration tests rely on: page -> phrases that must stay in its <article>.
FACTS = {
    "ibm/2020/06/ceo-letter-to-congress-on-racial-justice-reform.html":
        ["June 8, 2020", "general purpose facial recognition or analysis software", "Congress"],
    "amazon/2020/06/one-year-moratorium-on-police-use-of-rekognition.html":
        ["Wednesday, June 10, 2020", "moratorium will last one year", "human trafficking", "missing children", "Congress"],
    "amazon/2021/05/rekognition-moratorium-extended.html": ["extending the moratorium on police use of Rekognition indefinitely", "June 2021"],
    "microsoft/2020/06/our-position-on-facial-recognition-and-police.html":
        ["June 11", "will not sell face recognition to US police departments", "national law, grounded in human rights"],
    "orrery/2021/06/one-year-after-the-pauses.html":
        ["34.7%", "0.8%", "31.37%", "189 algorithms from 99 developers", "10 to 100 times"],
    "orrery/2022/07/retiring-emotion-and-gender-inference.html": ["January 31, 2023", "emotion recognition"],
}


@pytest.mark.parametrize("page", sorted(FACTS))
def test_article_texts_state_the_facts(base_url, page):
    html = get_ok(f"{base_url}/newsroom/{page}").decode()
    body = re.sub(r"&rsquo;", "'", re.search(r"<article[^>]*>(.*?)</article>", html, re.S)[1])
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    for fact in FACTS[page]:
        assert fact in text, (page, fact)


# --- PDF, robots, sitemap ----------------------------------------------------------------------


def test_pdf_report_has_a_text_layer(base_url):
    from pypdf import PdfReader

    body = get_ok(base_url + "/reports/frvt-demographics-summary.pdf")
    assert body.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(body))
    assert 1 <= len(reader.pages) <= 3
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for fact in ["189 algorithms", "99 developers", "10 to 100 times", "NIST IR 8280", "December 2019"]:
        assert fact in text, fact
    pdf_url = base_url + "/reports/frvt-demographics-summary.pdf"
    assert f'href="{pdf_url}"' in get_ok(base_url + "/reports/").decode()
    assert f'href="{pdf_url}"' in get_ok(base_url + "/newsroom/orrery/2021/06/one-year-after-the-pauses.html").decode()


def test_robots_and_sitemap(base_url):
    robots = get_ok(base_url + "/robots.txt").decode()
    parser = RobotFileParser()
    parser.parse(robots.splitlines())
    assert not parser.can_fetch("frt", base_url + "/private/unpublished-draft.html")
    assert parser.can_fetch("frt", base_url + "/newsroom/feed.xml")
    assert parser.site_maps() == [base_url + "/sitemap.xml"]
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urlset = ET.fromstring(get_ok(base_url + "/sitemap.xml"))
    locs = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in urlset.findall(f"{ns}url")}
    links = {i.findtext("link") for i in feed_items(base_url)}
    assert links <= set(locs)
    for loc, lastmod in locs.items():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod)
        assert fetch(loc)[0] == 200, loc
