"""Fixture sites on 127.0.0.1 imitating the formats in SOURCES.md, for real crawls.

Files under ``sites/`` are served with ``{base_url}`` replaced, a strong ETag and a
Last-Modified, and 304 answers to conditional GETs. ROUTES map query parameters to files
(API paging) and a few paths misbehave on purpose (429, 503, redirect loop, 60 MB body).
Tests can replace a file's bytes (``site.override``) and read the request log.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITES = Path(__file__).parent / "sites"
TYPES = {".xml": "application/xml", ".json": "application/json", ".html": "text/html; charset=utf-8",
         ".pdf": "application/pdf", ".gz": "application/x-gzip", ".txt": "text/plain"}
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


def _paged(prefix: str, param: str, default: str = "0"):
    def route(query: dict) -> str:
        return f"{prefix}{query.get(param, [default])[0]}.json"
    return route


ROUTES = {  # path -> function(query) giving the file under sites/
    "/fr/api/v1/documents.json": _paged("fr/documents_p", "page", "1"),
    "/congress/v3/bill": _paged("congress/bills_o", "offset"),
    "/openstates/bills": _paged("openstates/bills_p", "page", "1"),
    "/legistar/v1/sfgov/matters": _paged("legistar/matters_s", "$skip"),
    "/cursor/works": lambda q: f"cursor/works_{q.get('cursor', ['*'])[0].replace('*', 'start')}.json",
    "/arxiv-old/api/query": lambda q: f"arxiv/old_s{q.get('start', ['0'])[0]}.xml",
    "/arxiv-new/api/query": lambda q: f"arxiv/new_s{q.get('start', ['0'])[0]}.xml",
}
KEYS = {"/congress/": ("query", "api_key"), "/openstates/": ("header", "X-API-KEY")}
FIXTURE_KEY = "fixture-secret"


class FixtureServer(ThreadingHTTPServer):
    request_queue_size = 256  # the stdlib backlog of 5 stalls a concurrent crawl
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.overrides: dict[str, bytes] = {}
        self.failing: dict[str, int] = {}
        self.log: list[dict] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def fail(self, rel: str, status: int | None) -> None:
        """Answer sites/<rel> with this HTTP status (None serves it again)."""
        if status is None:
            self.failing.pop(rel, None)
        else:
            self.failing[rel] = status

    def override(self, rel: str, body: bytes | None) -> None:
        """Serve body instead of sites/<rel> (None restores the file)."""
        if body is None:
            self.overrides.pop(rel, None)
        else:
            self.overrides[rel] = body


class Handler(BaseHTTPRequestHandler):
    server: FixtureServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        with self.server.lock:
            hits = self.server.hits[parts.path] = self.server.hits.get(parts.path, 0) + 1
        entry = {"path": parts.path, "query": parts.query,
                 "if_none_match": self.headers.get("If-None-Match"),
                 "if_modified_since": self.headers.get("If-Modified-Since"),
                 "user_agent": self.headers.get("User-Agent"), "t": time.monotonic()}
        self.server.log.append(entry)
        status = self._special(parts.path, query, hits)
        if status is None:
            status = self._file(parts.path, query)
        entry["status"] = status

    def _special(self, path: str, query: dict, hits: int) -> int | None:
        for prefix, (where, name) in KEYS.items():
            if path.startswith(prefix) and path != "/robots.txt":
                given = query.get(name, [None])[0] if where == "query" else self.headers.get(name)
                if given != FIXTURE_KEY:
                    return self._send(403, b'{"error":"API key missing or wrong"}', ".json")
        if path == "/robots.txt" and (self.headers.get("Host") or "").startswith("localhost"):
            return self._send(503, b"<html>maintenance</html>", ".html")  # RFC 9309: disallow
        if path == "/flaky/slow-down.html" and hits == 1:
            return self._send(429, b"slow down", ".txt", {"Retry-After": "1"})
        if path == "/flaky/busy-no-header.html" and hits == 1:
            return self._send(429, b"slow down", ".txt")
        if path == "/flaky/unavailable.html":
            return self._send(503, b"busy", ".txt", {"Retry-After": "1"})
        if path.startswith("/loop/"):
            target = "/loop/b" if path == "/loop/a" else "/loop/a"
            return self._send(302, b"", ".txt", {"Location": target})
        if path == "/huge/report.pdf":
            return self._stream_huge(announce=True)
        if path == "/huge/stream.pdf":
            return self._stream_huge(announce=False)
        if path == "/partitioned/docs.json":
            return self._partitioned(query)
        if path == "/arxiv-new/api/query" and query.get("id_list") == ["bad"]:
            return self._serve("arxiv/error.xml", status=400)
        return None

    def _file(self, path: str, query: dict) -> int:
        rel = ROUTES[path](query) if path in ROUTES else path.lstrip("/")
        if rel.endswith("/") or not rel:
            rel += "index.html"
        return self._serve(rel)

    def _serve(self, rel: str, status: int = 200) -> int:
        if rel in self.server.failing:
            return self._send(self.server.failing[rel], b"<html>server error</html>", ".html")
        body = self.server.overrides.get(rel)
        file = SITES / rel
        if body is None:
            if not file.is_file():
                return self._send(404, b'{"error":"not found"}', ".json")
            body = file.read_bytes()
        base = self.server.base_url.encode()
        if file.suffix in (".xml", ".json", ".html", ".txt"):
            body = body.replace(b"{base_url}", base)
        elif file.suffix == ".gz":
            body = gzip.compress(gzip.decompress(body).replace(b"{base_url}", base), mtime=0)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if status == 200 and self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", "", headers)
        kind = "text/html; charset=utf-8" if "viewer" in rel else TYPES.get(file.suffix, "text/plain")
        return self._send(status, body, kind, headers)

    def _send(self, status: int, body: bytes, suffix_or_type: str, headers=None) -> int:
        self.send_response(status)
        if status != 304:
            ctype = TYPES.get(suffix_or_type, suffix_or_type) or "text/plain"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if status != 304:
            self.wfile.write(body)
        return status

    def _partitioned(self, query: dict) -> int:
        """A search capped at 2 reachable results whose count depends on the date window."""
        records = json.loads((SITES / "partitioned/records.json").read_text())
        low, high = query.get("gte", ["0000"])[0], query.get("lte", ["9999"])[0]
        hits = [r for r in records if low <= r["publication_date"] <= high]
        page = int(query.get("page", ["1"])[0])
        shown = hits[(page - 1) * 2: page * 2] if len(hits) <= 2 else hits[:2]
        body = {"count": len(hits), "results": shown, "next_page_url": None}
        return self._send(200, json.dumps(body).encode(), ".json")

    def _stream_huge(self, announce: bool) -> int:
        """60 MB streamed in 1 MB chunks, never held in memory; with Content-Length, or
        without it (body ends when the connection closes)."""
        size, chunk = 60 * 1024 * 1024, b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        if announce:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(size // len(chunk)):
                self.wfile.write(chunk)
                time.sleep(0.001)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True
        return 200


def start() -> FixtureServer:
    server = FixtureServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
