"""`frt serve`: the knowledge base read-only in Datasette, over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from cli import app
from tests.browser.fixture_kb import build_kb, free_port, frt_serve

runner = CliRunner()


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def get_html(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.read().decode("utf-8")


def rows(base: str, query: str) -> list[dict]:
    status, data = get(f"{base}/kb/{query}.json?_shape=array")
    assert status == 200, data
    return data


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "kb.db"
    build_kb(path)
    with frt_serve(path, free_port()) as (base, _proc):
        yield base, path


def test_metadata_and_canned_queries_are_served(served):
    base, _ = served
    status, meta = get(f"{base}/-/metadata.json")
    assert status == 200 and meta["title"] == "frt knowledge base"
    kb = meta["databases"]["kb"]
    assert set(kb["queries"]) >= {"in_force_now", "expiring_within_90_days", "findings_by_vendor",
                                  "documents_by_source"}
    assert "quote" in kb["tables"]["commitment"]["columns"]
    assert kb["tables"]["finding"]["facets"][0] == "metric"


def test_in_force_now_and_expiring_follow_the_stored_dates(served):
    base, _ = served
    in_force = {(r["actor"], r["action"]): r for r in rows(base, "in_force_now")}
    # the moratorium ended in 2021 and was extended: the extension stands for it
    assert set(in_force) == {("Amazon", "extension"), ("Acme Vision", "pause"),
                             ("San Francisco", "ban")}
    # SQL cannot judge a bill's stage: the row says that the bill decides
    assert in_force[("San Francisco", "ban")]["follows_bill"] == "yes"
    assert in_force[("Amazon", "extension")]["follows_bill"] is None
    expiring = rows(base, "expiring_within_90_days")
    assert [(r["actor"], r["end"]) for r in expiring] == [
        ("Acme Vision", (date.today() + timedelta(days=30)).isoformat())]
    assert expiring[0]["url"] == "http://127.0.0.1/c"


def test_findings_by_vendor_and_documents_by_source(served):
    base, _ = served
    (finding,) = rows(base, "findings_by_vendor")
    assert (finding["vendor"], finding["study"], finding["ratio"]) == ("IBM", "Gender Shades", 43.4)
    assert finding["url"] == "http://127.0.0.1/gender-shades"
    counts = {r["source_id"]: r["documents"] for r in rows(base, "documents_by_source")}
    assert counts == {"news": 3, "papers": 1, "bills": 1}


def test_quotes_link_to_their_source_and_titles_are_escaped(served):
    base, _ = served
    html = get_html(f"{base}/kb/commitment")
    assert ('<a class="frt-quote" href="http://127.0.0.1/a" title="Open the source">'
            "Amazon Web Services announced") in html
    html = get_html(f"{base}/kb/in_force_now")
    assert '<a class="frt-quote" href="http://127.0.0.1/b"' in html
    docs = get_html(f"{base}/kb/document")
    assert "&lt;script&gt;alert(" in docs and "<script>alert(" not in docs


@pytest.mark.parametrize("sql", [
    "insert into source (id, name, kind, spider) values ('x', 'x', 'x', 'x')",
    # passes Datasette's SELECT check; only the read-only connection stops it
    "with t as (select 1) insert into source (id, name, kind, spider) values ('x', 'x', 'x', 'x')",
    "delete from commitment",
])
def test_writes_are_refused(served, sql):
    base, path = served
    status, data = get(f"{base}/kb.json?sql={urllib.parse.quote(sql)}")
    assert status >= 400 and data["ok"] is False
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(*) from source where id = 'x'").fetchone()[0] == 0
        assert conn.execute("select count(*) from commitment").fetchone()[0] == 4


def test_ctrl_c_stops_it_cleanly(served):
    _, path = served
    with frt_serve(path, free_port()) as (base, proc):
        assert get(f"{base}/-/versions.json")[0] == 200
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "read-only at http://127.0.0.1:" in out and "stopped" in out
    assert "Traceback" not in err


def test_postgres_url_is_one_line_error():
    result = runner.invoke(app, ["serve", "--db", "postgresql+psycopg://frt@127.0.0.1:5432/frt"])
    assert result.exit_code == 1
    assert "SQLite knowledge bases only" in result.output and "PostgreSQL" in result.output
    assert "Traceback" not in result.output


def test_missing_or_foreign_file_is_one_line_error(tmp_path):
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1 and "no knowledge base at" in missing.output
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all, just text " * 100)
    result = runner.invoke(app, ["serve", "--db", str(junk)])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    result = runner.invoke(app, ["serve", "--db", str(other)])
    assert result.exit_code == 1 and "not an frt knowledge base" in result.output


def test_port_in_use_is_one_line_error(served):
    base, path = served
    port = int(base.rsplit(":", 1)[1])
    result = runner.invoke(app, ["serve", "--db", str(path), "--port", str(port)])
    assert result.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in result.output


def test_quote_link_escapes_and_links_only_http():
    from reports.datasette.plugin import quote_link

    link = str(quote_link("a <b>bold</b> claim", "http://127.0.0.1/a?x=1&y=2"))
    assert link == ('<a class="frt-quote" href="http://127.0.0.1/a?x=1&amp;y=2" '
                    'title="Open the source">a &lt;b&gt;bold&lt;/b&gt; claim</a>')
    assert str(quote_link("a claim", "javascript:alert(1)")) == "a claim"
