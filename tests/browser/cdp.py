"""A small Chrome DevTools Protocol client: headless Chromium driven over its websocket.

Enough for the browser acceptance test: open a page, wait until it and its requests are
done, record every request URL, console error, uncaught exception and JavaScript dialog,
evaluate an expression, take a PNG screenshot. It needs the Debian package ``chromium``
and ``websocket-client``, nothing downloaded at run time (no browser build of its own).
Protocol reference: https://chromedevtools.github.io/devtools-protocol/
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websocket

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
]


class CDPError(RuntimeError):
    """Raised by Page.call when Chromium answers a command with an error."""


@dataclass
class Visit:
    """What happened while one page loaded."""

    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class Page:
    """One tab, driven over its DevTools websocket."""

    def __init__(self, ws_url: str, timeout: float = 30):
        self.ws = websocket.create_connection(ws_url, timeout=timeout, suppress_origin=True)
        self.timeout = timeout
        self._id = 0
        self._events: list[dict] = []
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params):
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self._id:
                if "error" in msg:
                    raise CDPError(f"{method}: {msg['error'].get('message')}")
                return msg.get("result", {})
            self._events.append(msg)

    def _next_event(self, deadline: float) -> dict | None:
        if self._events:
            return self._events.pop(0)
        self.ws.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            return json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        finally:
            self.ws.settimeout(self.timeout)

    def visit(self, url: str, quiet: float = 0.5) -> Visit:
        """Open ``url`` and wait for its load event and then for ``quiet`` seconds without a
        pending request (bounded by the page timeout); record what happened."""
        visit = Visit(url)
        pending: set[str] = set()
        self._events.clear()
        self.call("Page.navigate", url=url)
        loaded = False
        deadline = time.monotonic() + self.timeout
        idle_since = None
        while time.monotonic() < deadline:
            msg = self._next_event(min(deadline, time.monotonic() + quiet))
            if msg is None:
                if loaded and not pending:
                    if idle_since and time.monotonic() - idle_since >= quiet:
                        break
                    idle_since = idle_since or time.monotonic()
                continue
            idle_since = None
            method, params = msg.get("method"), msg.get("params", {})
            if method == "Page.loadEventFired":
                loaded = True
            elif method == "Network.requestWillBeSent":
                visit.requests.append(params["request"]["url"])
                pending.add(params["requestId"])
            elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                pending.discard(params["requestId"])
                if method == "Network.loadingFailed" and not params.get("canceled"):
                    visit.failed.append(params.get("errorText", "failed"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                visit.errors.append(" ".join(str(a.get("value", a.get("description", "")))
                                             for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                visit.errors.append(details.get("exception", {}).get("description")
                                    or details.get("text", "exception"))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                entry = params["entry"]
                if urlsplit(entry.get("url", "")).path == "/favicon.ico":
                    # Chromium asks every http page's server for /favicon.ico on its own; a
                    # 404 for it is about the server, not the page (the request is recorded)
                    continue
                visit.errors.append(f"{entry.get('text')} {entry.get('url', '')}".strip())
            elif method == "Page.javascriptDialogOpening":
                visit.dialogs.append(params.get("message", ""))
                self.call("Page.handleJavaScriptDialog", accept=False)
        if not loaded:
            raise TimeoutError(f"{url} did not finish loading in {self.timeout} s")
        return visit

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise CDPError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, path: Path, max_height: int = 1800) -> Path:
        """A PNG of the whole page, cut at ``max_height`` CSS pixels."""
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], max_height),
                "scale": 1}
        data = self.call("Page.captureScreenshot", format="png", clip=clip,
                         captureBeyondViewport=True)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.ws.close()


class Chromium:
    """Headless Chromium with a throw-away profile; ``page()`` gives its first tab."""

    def __init__(self, width: int = 1280, height: int = 900, timeout: float = 30):
        self.profile = Path(tempfile.mkdtemp(prefix="frt-chromium-"))
        self.timeout = timeout
        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.port = self._devtools_port()

    def _devtools_port(self) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited with code {self.proc.returncode}")
            if marker.exists() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            time.sleep(0.1)
        raise TimeoutError("chromium did not open its DevTools port")

    def page(self) -> Page:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=10) as resp:
            targets = json.load(resp)
        tab = next(t for t in targets if t.get("type") == "page")
        return Page(tab["webSocketDebuggerUrl"], timeout=self.timeout)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
