"""`frt search`: full-text search over document versions, on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from typer.testing import CliRunner

from cli import app
from crawler.items import DocumentItem
from crawler.registry import Source as SourceDef
from kb import store
from kb.database import make_engine, session_scope
from kb.errors import KBError
from kb.search import parse_query, search

runner = CliRunner()
NEWS = SourceDef(id="news", name="Vendor news", kind="vendor", spider="feed",
                 start_urls=["http://127.0.0.1/feed"])
BILLS = SourceDef(id="bills", name="Bills", kind="legislature", spider="json_api",
                  api_base="http://127.0.0.1/bills")
PAUSE = ("Amazon announced a one-year moratorium on police use of Rekognition, its face "
         "recognition service. The moratorium covers every police department.")
LONG = ("The city council met on Tuesday to discuss the budget, parks, libraries, road repairs, "
        "a new bus line and, among many other items, a moratorium proposal. " + "Minutes follow. " * 20)
BAN = "The Board of Supervisors bans city departments from using face recognition technology."


def _put(engine, source, url, text, published, title=None):
    with session_scope(engine) as s:
        store.upsert_source(s, source)
        store.store_document(s, DocumentItem(source_id=source.id, url=url, text=text, title=title,
                                             published=datetime(*published, tzinfo=timezone.utc)))


def _load(engine):
    _put(engine, NEWS, "http://127.0.0.1/pause", PAUSE, (2020, 6, 10), "Amazon pauses Rekognition")
    _put(engine, BILLS, "http://127.0.0.1/budget", LONG, (2021, 3, 2), "Council minutes")
    _put(engine, BILLS, "http://127.0.0.1/ban", BAN, (2019, 5, 14), "Stop Secret Surveillance")


def _titles(engine, query, **kw):
    with session_scope(engine) as s:
        return [r["title"] for r in search(s, query, **kw)]


def _check_search(engine):
    _load(engine)
    # the better match (the word twice in a short text) comes first
    assert _titles(engine, "moratorium") == ["Amazon pauses Rekognition", "Council minutes"]
    # stemming: "banned" finds "bans"; every word must occur
    assert _titles(engine, "banned departments") == ["Stop Secret Surveillance"]
    assert _titles(engine, "moratorium Rekognition") == ["Amazon pauses Rekognition"]
    assert _titles(engine, '"face recognition" -police') == ["Stop Secret Surveillance"]
    assert _titles(engine, "moratorium", source="bills") == ["Council minutes"]
    assert _titles(engine, "moratorium", since=date(2021, 1, 1)) == ["Council minutes"]
    assert _titles(engine, "recognition", since=date(2020, 1, 1), source="news") == [
        "Amazon pauses Rekognition"]
    # the index follows the store: a changed document is found by its new words only
    assert _titles(engine, "indefinitely") == []
    _put(engine, NEWS, "http://127.0.0.1/pause", PAUSE + " Amazon extended it indefinitely.",
         (2020, 6, 10), "Amazon pauses Rekognition")
    assert _titles(engine, "indefinitely") == ["Amazon pauses Rekognition"]
    assert _titles(engine, "moratorium") == ["Amazon pauses Rekognition", "Council minutes"]
    with session_scope(engine) as s:
        every = search(s, "covers department", all_versions=True)
        hit = search(s, "indefinitely")[0]
    assert sorted((r["version"], r["current"]) for r in every) == [(1, False), (2, True)]
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["indefinitely"]
    assert (hit["source"], hit["date"], hit["url"]) == ("news", "2020-06-10", "http://127.0.0.1/pause")


def test_search_ranks_filters_and_follows_changes_on_sqlite(engine):
    _check_search(engine)


@pytest.mark.postgres
def test_search_ranks_filters_and_follows_changes_on_postgres(pg_url):
    eng = make_engine(pg_url)
    try:
        _check_search(eng)
    finally:
        eng.dispose()


def test_operators_and_unbalanced_quotes_are_read_as_words(engine):
    _load(engine)
    for query in ('police "moratorium', 'police* (moratorium) ^Rekognition', '-- police moratorium OR',
                  '"police" "moratorium'):
        assert _titles(engine, query) == ["Amazon pauses Rekognition"], query
    for query in ('NEAR(moratorium police)', 'text:moratorium', '"unclosed phrase'):
        assert _titles(engine, query) == [], query  # words, not operators: no such text
    assert sorted(_titles(engine, "Rekognition OR Supervisors")) == ["Amazon pauses Rekognition",
                                                                      "Stop Secret Surveillance"]


@pytest.mark.parametrize("query", ['"', "-police", "*** ()"])
def test_nothing_to_search_for_is_a_kb_error(query):
    with pytest.raises(KBError, match="nothing to search for"):
        parse_query(query)


def test_cli_json_snippets_and_one_line_errors(engine, sqlite_url):
    _load(engine)
    result = runner.invoke(app, ["search", "moratorium", "--db", sqlite_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["title"] for r in rows] == ["Amazon pauses Rekognition", "Council minutes"]
    assert all(r["snippet"][a:b].lower() == "moratorium" for r in rows for a, b in r["highlights"])
    table = runner.invoke(app, ["search", "police moratorium", "--db", sqlite_url],
                          env={"COLUMNS": "160"})
    assert table.exit_code == 0 and "Amazon pauses Rekognition" in table.stdout
    assert "http://127.0.0.1/pause" in table.stdout and "Council minutes" not in table.stdout
    for args in (['"'], ["moratorium", "--since", "June 2020"], ["moratorium", "--source", "nope"]):
        bad = runner.invoke(app, ["search", *args, "--db", sqlite_url])
        assert bad.exit_code == 1, (args, bad.output)
        lines = [line for line in bad.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error:"), (args, bad.stderr)


def test_title_with_markup_is_shown_literally(engine, sqlite_url):
    _put(engine, NEWS, "http://127.0.0.1/x", "A note on [bold]moratorium[/bold] policy.", (2020, 1, 1),
         "<script>alert(1)</script> [red]Notice[/red]")
    result = runner.invoke(app, ["search", "moratorium", "--db", sqlite_url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "<script>alert(1)</script> [red]Notice[/red]" in result.stdout
    assert "[bold]moratorium[/bold]" in result.stdout


def test_versions_stored_before_the_search_migration_are_found(tmp_path):
    """A knowledge base from before migration 0006 gets its index filled on upgrade
    (`frt search` upgrades it when it opens it)."""
    from tests.kb.test_database import _old_kb

    path = _old_kb(tmp_path, "0005", [
        "INSERT INTO source (id, name, kind, spider) VALUES ('s', 'S', 'vendor', 'feed')",
        "INSERT INTO document (id, source_id, key, url, canonical_url, content_hash, first_seen, "
        "last_fetched, authors, meta, current_version_id, title) VALUES (1, 's', 'k', 'http://127.0.0.1/1', "
        "'http://127.0.0.1/1', 'h', '2020-06-10 00:00:00', '2020-06-10 00:00:00', '[]', '{}', 1, 'Old one')",
        "INSERT INTO documentversion (id, document_id, version_no, content_hash, text, fetched_at) "
        "VALUES (1, 1, 1, 'h', 'IBM leaves the face recognition market.', '2020-06-08 00:00:00')"])
    result = runner.invoke(app, ["search", "leaving", "--db", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [(r["title"], r["date"]) for r in json.loads(result.stdout)] == [("Old one", "2020-06-08")]


def test_fts5_top_k_pass_gives_what_the_full_query_gives(tmp_path, monkeypatch):
    """SQLite answers from FTS5's own top-k pass when enough of its rows pass the filters;
    the results (order, ties, filters, snippets) are those of the full query, which still
    decides when the filters leave too few rows (a source with few matches)."""
    import kb.search as ks

    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    for i in range(90):  # many matches (each longer, so scoring lower) in one source, two in another
        _put(engine, NEWS, f"http://127.0.0.1/n{i}", "Vendor note: a moratorium on sales." + " More." * i,
             (2020, 1, 1 + i % 28), f"note {i}")
    _put(engine, BILLS, "http://127.0.0.1/b1", "A moratorium on city use.", (2021, 1, 1), "bill 1")
    _put(engine, BILLS, "http://127.0.0.1/b2", "Another moratorium, moratorium again.", (2021, 2, 1), "bill 2")
    cases = [("moratorium", {}), ("moratorium", {"source": "bills"}), ("moratorium", {"limit": 5}),
             ("moratorium", {"since": date(2020, 1, 20)}), ("city OR again", {})]
    passes = []
    real_top = ks._sqlite_top
    monkeypatch.setattr(ks, "FILTERED_OVERFETCH", 1)  # the pass reads 50 rows of the 92 matches

    def counting(*args, **kw):
        hits = real_top(*args, **kw)
        passes.append(hits is not None)
        return hits

    monkeypatch.setattr(ks, "_sqlite_top", counting)
    with session_scope(engine) as s:
        fast = [search(s, q, **kw) for q, kw in cases]
    monkeypatch.setattr(ks, "_sqlite_top", lambda *a, **k: None)  # the full query only
    with session_scope(engine) as s:
        full = [search(s, q, **kw) for q, kw in cases]
    assert fast == full
    assert [len(r) for r in full] == [20, 2, 5, 20, 2]
    assert passes[0] is True and passes[1] is False  # the top-k pass answered, then the fallback


def test_broad_query_ranks_the_most_recently_stored_matches_and_says_so(engine, kb_url, monkeypatch):
    """A query without --source/--since that matches more than the rank cap ranks the cap's
    most recently stored matches, and the answer says how many matched; --rank-all ranks
    every match. The best match overall is the oldest one here, so the two differ."""
    import commands.search as cmd
    from kb.search import search_results

    _put(engine, NEWS, "http://127.0.0.1/old", "Moratorium. A moratorium, the moratorium.", (2019, 1, 1),
         "oldest and best")
    for i in range(11):
        _put(engine, NEWS, f"http://127.0.0.1/n{i}", "A moratorium on sales." + " More words." * (i + 1),
             (2020, 1, 1 + i), f"note {i}")
    _put(engine, BILLS, "http://127.0.0.1/b", "No such word here.", (2021, 1, 1), "bill")
    with session_scope(engine) as s:
        everything = search_results(s, "moratorium", rank_cap=None)
        bounded = search_results(s, "moratorium", rank_cap=5)
        narrow = search_results(s, "moratorium", rank_cap=50)
        filtered = search_results(s, "moratorium", rank_cap=5, source="news")
    assert [r["title"] for r in everything.rows][:2] == ["oldest and best", "note 0"]
    assert not everything.bounded and not narrow.bounded and not filtered.bounded
    assert narrow.rows == everything.rows and filtered.rows == everything.rows
    # bounded: the five newest matches (notes 6-10), best first (shorter text scores higher)
    assert (bounded.matched, bounded.ranked) == (12, 5)
    assert [r["title"] for r in bounded.rows] == [f"note {i}" for i in range(6, 11)]

    monkeypatch.setattr(cmd, "RANK_CAP", 5)
    table = runner.invoke(app, ["search", "moratorium", "--db", kb_url], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "12 stored versions match; the 5 most recently stored were ranked" in table.stdout
    assert "oldest and best" not in table.stdout
    full = runner.invoke(app, ["search", "moratorium", "--rank-all", "--db", kb_url, "--format", "json"])
    assert full.exit_code == 0 and "ranked" not in full.stderr
    assert [r["title"] for r in json.loads(full.stdout)] == [r["title"] for r in everything.rows]
    js = runner.invoke(app, ["search", "moratorium", "--db", kb_url, "--format", "json"])
    assert [r["title"] for r in json.loads(js.stdout)] == [f"note {i}" for i in range(6, 11)]
    assert "note: 12 stored versions match" in js.stderr
