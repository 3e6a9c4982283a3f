"""Serve the demo site on 127.0.0.1: static files plus a small table of dynamic routes.

Static text files (xml, html, json, txt) have the literal ``{base_url}`` replaced by the
server's base URL. Every response carries Content-Type, Content-Length, a strong ETag (hash of
the served bytes) and Last-Modified; conditional GETs get 304 with no body.

    with serve() as base_url:
        ...  # crawl base_url + "/newsroom/feed.xml"

Command line: ``python -m crawler.demo_site.server --port 8000``.
"""

from __future__ import annotations

import argparse
import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import parse_qs, unquote, urlsplit

from crawler.demo_site import SITE_DIR

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".css": "text/css; charset=utf-8",
}
SPECIAL_TYPES = {  # by file name, where the extension alone is too vague
    "feed.xml": "application/rss+xml; charset=utf-8",
    "sitemap.xml": "application/xml; charset=utf-8",
}
TEXT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".css"}


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    mtime: float | None = None
    """Seconds since the epoch for Last-Modified; None omits the header."""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]
    root: Path
    base_url: str

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def text(self, relpath: str) -> str:
        """A site file as text with {base_url} substituted."""
        return (self.root / relpath).read_text(encoding="utf-8").replace("{base_url}", self.base_url)


Handler = Callable[[Request], Response]
ROUTES: dict[str, Handler] = {}
"""Dynamic routes by exact path; tests may register more with ``route()``."""
PREFIX_ROUTES: dict[str, Handler] = {}
"""Dynamic routes for every path under a prefix (``/arxiv/abs/``); the longest prefix wins."""


def route(path: str, prefix: bool = False) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        (PREFIX_ROUTES if prefix else ROUTES)[path] = handler
        return handler

    return register


def find_handler(path: str) -> Handler:
    exact = ROUTES.get(path.rstrip("/") or "/")
    if exact is not None:
        return exact
    prefixes = [p for p in PREFIX_ROUTES if path.startswith(p)]
    return PREFIX_ROUTES[max(prefixes, key=len)] if prefixes else static_file


def static_file(req: Request) -> Response:
    rel = unquote(req.path).lstrip("/")
    target = (req.root / rel).resolve()
    root = req.root.resolve()
    if target != root and root not in target.parents:
        return not_found(req.path)
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return not_found(req.path)
    body = target.read_bytes()
    if target.suffix in TEXT_SUFFIXES:
        body = body.replace(b"{base_url}", req.base_url.encode())
    ctype = SPECIAL_TYPES.get(target.name) or CONTENT_TYPES.get(target.suffix, "application/octet-stream")
    if target.parent.name == "arxiv" and target.suffix == ".xml":
        ctype = "application/atom+xml; charset=utf-8"
    return Response(200, body, ctype, target.stat().st_mtime)


def not_found(path: str) -> Response:
    body = f"<!doctype html><title>404 Not Found</title><h1>Not Found</h1><p>{path}</p>\n"
    return Response(404, body.encode(), "text/html; charset=utf-8")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def is_not_modified(headers, etag: str, mtime: float | None) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        tags = [t.strip() for t in inm.split(",")]
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    ims = headers.get("If-Modified-Since")
    if ims and mtime is not None:
        try:
            return int(mtime) <= parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError, IndexError):
            return False
    return False


class DemoRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "frt-demo/1.0"
    server: "DemoServer"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        req = Request(parts.path, parse_qs(parts.query), self.server.root, self.server.base_url)
        handler = find_handler(parts.path)
        try:
            resp = handler(req)
        except Exception as exc:  # a demo server should answer, not hang the crawl
            resp = Response(500, f"internal error: {exc}\n".encode(), "text/plain; charset=utf-8")
        etag = etag_of(resp.body)
        if resp.status == 200 and is_not_modified(self.headers, etag, resp.mtime):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        if resp.status == 200:
            self.send_header("ETag", etag)
            if resp.mtime is not None:
                self.send_header("Last-Modified", formatdate(resp.mtime, usegmt=True))
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(resp.body)

    def log_message(self, format: str, *args) -> None:  # quiet
        pass


class DemoServer(ThreadingHTTPServer):
    request_queue_size = 128  # the stdlib backlog of 5 stalls concurrent crawls
    daemon_threads = True

    def __init__(self, root: Path, host: str, port: int) -> None:
        super().__init__((host, port), DemoRequestHandler)
        self.root = Path(root)
        self.base_url = f"http://{host}:{self.server_address[1]}"


@contextmanager
def serve(root: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve root in a daemon thread; yield the base URL (no trailing slash)."""
    from crawler.demo_site import routes  # noqa: F401  (registers the dynamic routes)

    server = DemoServer(root, host, port)
    thread = threading.Thread(target=server.serve_forever, name="frt-demo-server", daemon=True)
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the frt demo site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", type=Path, default=SITE_DIR)
    args = parser.parse_args(argv)
    with serve(args.root, args.host, args.port) as base_url:
        print(base_url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    # Run main() of the importable module: routes.py registers into *its* ROUTES, not __main__'s.
    from crawler.demo_site.server import main as _main

    _main()
