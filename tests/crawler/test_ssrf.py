"""SSRF guard: a public source's links and redirects never reach private addresses."""

from __future__ import annotations

from ipaddress import ip_address
from types import SimpleNamespace

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from crawler.registry import Source
from crawler.ssrf import PrivateAddressGuardMiddleware, is_private_address


@pytest.mark.parametrize("host,private", [
    ("127.0.0.1", True), ("10.1.2.3", True), ("192.168.0.10", True), ("172.16.5.4", True),
    ("169.254.169.254", True), ("0.0.0.0", True), ("::1", True), ("[::1]", True),
    ("fe80::1", True), ("::ffff:127.0.0.1", True), ("localhost", True), ("api.localhost", True),
    ("8.8.8.8", False), ("2606:4700::1111", False), ("www.federalregister.gov", False), (None, False),
])
def test_private_addresses(host, private):
    assert is_private_address(host) is private


def _source(**fields) -> Source:
    return Source(id="s", name="S", kind="vendor", spider="feed", **fields)


def test_a_source_is_local_only_when_declared_or_all_its_urls_are_private():
    assert _source(start_urls=["http://127.0.0.1:8000/feed.xml"]).is_local
    assert not _source(start_urls=["https://news.example.com/feed.xml"]).is_local
    assert not _source(start_urls=["http://127.0.0.1:8000/a", "https://news.example.com/b"]).is_local
    assert not _source(start_urls=["http://127.0.0.1:8000/feed.xml"], local=False).is_local
    assert _source(start_urls=["https://intranet.example.com/feed.xml"], local=True).is_local


def _guard(source: Source) -> tuple[PrivateAddressGuardMiddleware, list[str]]:
    errors: list[str] = []
    spider = SimpleNamespace(source=source, report_error=errors.append)
    return PrivateAddressGuardMiddleware(SimpleNamespace(spider=spider)), errors


def test_a_public_sources_link_or_redirect_to_a_private_address_is_refused_and_reported():
    guard, errors = _guard(_source(start_urls=["https://news.example.com/feed.xml"]))
    assert guard.process_request(Request("https://news.example.com/post/1")) is None
    with pytest.raises(IgnoreRequest):  # e.g. a 302 to the cloud metadata service
        guard.process_request(Request("http://169.254.169.254/latest/meta-data/"))
    with pytest.raises(IgnoreRequest):  # a public name that resolved to the office network
        guard.process_response(Request("https://rebind.example.com/"),
                               Response("https://rebind.example.com/", ip_address=ip_address("10.0.0.7")))
    assert len(errors) == 2 and all("SSRF guard" in e for e in errors)
    public = Response("https://news.example.com/", ip_address=ip_address("93.184.216.34"))
    assert guard.process_response(Request("https://news.example.com/"), public) is public


def test_a_local_source_may_reach_its_own_addresses():
    guard, errors = _guard(_source(start_urls=["http://127.0.0.1:8000/feed.xml"]))
    assert guard.process_request(Request("http://127.0.0.1:8000/post/1")) is None and not errors


def test_crawl_of_a_source_declared_public_never_reaches_the_local_server(crawl, kb, site):
    report = crawl("fixture_ssrf_public")
    stats = report["sources"]["fixture_ssrf_public"]
    assert report["returncode"] == 1  # reported as failing, not as an empty source
    assert any("SSRF guard" in e for e in stats["errors"])
    assert not [e for e in site.log if e["path"].startswith("/news/")]
    assert kb.documents("fixture_ssrf_public") == []


def test_only_http_download_handlers_are_enabled():
    from crawler.settings import BASE_SETTINGS

    handlers = BASE_SETTINGS["DOWNLOAD_HANDLERS"]
    assert all(handlers[scheme] is None for scheme in ("file", "ftp", "s3", "data"))
