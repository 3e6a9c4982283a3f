"""API keys come from the environment and never reach logs, the KB or what frt writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.crawler import fixture_server
from tests.crawler.conftest import ROOT


def test_a_planted_key_appears_nowhere_frt_writes(crawl, site, db_url, tmp_path):
    key = fixture_server.FIXTURE_KEY
    log_file = tmp_path / "scrapy.log"
    report = crawl("fixture_congress", "fixture_openstates",
                   args=("--set", "LOG_LEVEL=DEBUG", "--set", f"LOG_FILE={log_file}"))
    assert report["returncode"] == 0, report["log"][-2000:]
    # the keys were sent: in the query string to congress, in a header to Open States
    assert any(key in e["query"] for e in site.log if e["path"].startswith("/congress/"))
    db_file = Path(db_url.removeprefix("sqlite:///"))
    assert db_file.stat().st_size > 0
    assert b"congress" in log_file.read_bytes()  # the DEBUG log names every request
    written = {"KB": db_file.read_bytes(), "stderr": report["log"].encode(),
               "JSON report": repr(report).encode(), "Scrapy DEBUG log": log_file.read_bytes()}
    for wal in db_file.parent.glob(db_file.name + "-*"):
        written[wal.name] = wal.read_bytes()
    for cmd in (["doc", "show", "1"], ["doc", "show", "3"], ["runs", "--format", "json"]):
        proc = subprocess.run([sys.executable, "cli.py", *cmd, "--db", db_url], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        written[" ".join(cmd)] = (proc.stdout + proc.stderr).encode()
    site.fail("congress/bills_o0.json", 404)  # an error whose reason names the URL, key and all
    try:
        failed = crawl("fixture_congress", args=("--since", "2020-01-01"))
    finally:
        site.fail("congress/bills_o0.json", None)
    [reason] = failed["sources"]["fixture_congress"]["errors"]
    assert "HTTP 404" in reason and "api_key=[secret]" in reason
    written["failed crawl"] = (failed["log"] + repr(failed)).encode()
    written["KB after the failure"] = db_file.read_bytes() + b"".join(
        p.read_bytes() for p in db_file.parent.glob(db_file.name + "-*"))
    leaked = [where for where, data in written.items() if key.encode() in data]
    assert not leaked, f"the API key was written to: {leaked}"
