"""SSRF guard: a public source never leads the crawler to a private, loopback or link-local
address.

A feed item, a sitemap entry, a listing link or a redirect is data from someone else's
server; followed blindly it can make frt fetch (and store) what only the crawling machine
can reach: 127.0.0.1, the cloud metadata service at 169.254.169.254, the office network.
Requests to such hosts are refused before they leave, and a response that came from such
an address (a public name resolving to a private one) is dropped, unless the source is
local: declared ``local: true``, or every URL it is configured with is itself private (the
demo web and test fixtures on 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def is_private_address(value: str | None) -> bool:
    """True for a private, loopback, link-local, unspecified, reserved or multicast IP (v4 or
    v6, IPv4-mapped included), and for localhost names."""
    if not value:
        return False
    host = value.strip("[]").lower().rstrip(".")
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_unspecified
            or ip.is_reserved or ip.is_multicast)


def is_private_url(url: str) -> bool:
    try:
        return is_private_address(urlsplit(url).hostname)
    except ValueError:
        return False


class PrivateAddressGuardMiddleware:
    """Downloader middleware enforcing the guard for every request, redirects included
    (Scrapy sends a redirect's new request through the middlewares again)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _guarded(self) -> bool:
        source = getattr(self.crawler.spider, "source", None)
        return source is not None and not source.is_local

    def _refuse(self, reason: str) -> None:
        report = getattr(self.crawler.spider, "report_error", None)
        if report:
            report(reason)
        raise IgnoreRequest(reason)

    def process_request(self, request: Request):
        if self._guarded() and is_private_url(request.url):
            self._refuse(f"{request.url}: refused, a private or loopback address reached from a "
                         "public source (SSRF guard; declare the source local: true if intended)")
        return None

    def process_response(self, request: Request, response: Response):
        ip = getattr(response, "ip_address", None)
        if self._guarded() and ip is not None and is_private_address(str(ip)):
            self._refuse(f"{response.url}: refused, its host resolved to the private address {ip} "
                         "(SSRF guard)")
        return response
