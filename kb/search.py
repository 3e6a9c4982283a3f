"""Full-text search over document versions, ranked, with a snippet around the hits.

SQLite uses the FTS5 table ``documentversion_search`` (BM25 ranking, ``snippet()``);
PostgreSQL the GIN index on ``to_tsvector('english', text)`` (``websearch_to_tsquery``,
``ts_rank``, ``ts_headline``). Both are created by migration 0006 and kept in step with the
store by the database itself (triggers, index maintenance).

The query language is the same on both, web-search style: words (all must occur),
``"a quoted phrase"``, ``OR`` between two terms, ``-word`` to exclude. Anything else
(unbalanced quotes, FTS5 operators such as ``NEAR(`` or ``col:``, punctuation) is read as
plain words, so a query never reaches the engine as syntax it could reject.

Ranking is bounded on very broad queries: when a query without ``--source`` or ``--since``
matches more than ``RANK_CAP`` stored versions, the ``RANK_CAP`` most recently stored of them
are ranked (BM25 or ts_rank costs about a microsecond per match, so ranking 60,000 matches of a
common word takes longer than the whole answer should); the result says so and how many
matched. ``rank_cap=None`` (``frt search --rank-all``) ranks every match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process
from sqlalchemy import bindparam, text
from sqlmodel import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from kb.errors import KBError

FTS_TABLE = "documentversion_search"
PG_INDEX = "ix_documentversion_search"
START, STOP = "\x02", "\x03"  # hit markers inside snippets (never in stored, normalised text)
ELLIPSIS = "…"
SNIPPET_TOKENS = 24
# A quoted phrase (its closing quote optional), else a run of anything but space and quote.
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+?)(?=\s|"|$)')
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = str.maketrans("\n\r\t\f\v", "     ")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Alembic ``include_object`` hook: the search table, its FTS5 shadow tables and the
    PostgreSQL search index are not models, so schema comparisons leave them out."""
    return not (name and (name in (PG_INDEX, FTS_TABLE) or name.startswith(FTS_TABLE + "_")))


@dataclass(frozen=True)
class Query:
    """A parsed web-search style query: AND of groups, each an OR of phrases, minus
    excluded phrases. A phrase is a tuple of words."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]

    def fts5(self) -> str:
        """The query in FTS5 syntax; every phrase is double-quoted, so no word is an operator."""
        def phrase(words: tuple[str, ...]) -> str:
            return '"' + " ".join(words) + '"'

        positive = " AND ".join("(" + " OR ".join(phrase(p) for p in g) + ")" for g in self.groups)
        for words in self.excluded:
            positive = f"({positive}) NOT {phrase(words)}"
        return positive

    def websearch(self) -> str:
        """The same query for PostgreSQL's ``websearch_to_tsquery``."""
        def phrase(words: tuple[str, ...]) -> str:
            # a lone "or" would be read as the operator there
            return '"' + " ".join(words) + '"' if len(words) > 1 or words[0] == "or" else words[0]

        parts = [" or ".join(phrase(p) for p in g) for g in self.groups]
        parts += ["-" + phrase(p) for p in self.excluded]
        return " ".join(parts)


def parse_query(raw: str) -> Query:
    """Read a web-search style query into words and phrases.

    Raises:
        KBError: when nothing is left to search for (no word, or only excluded words).
    """
    groups: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    pending_or = False
    for m in _TERM.finditer(raw):
        negative, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None:
            if bare == "OR":
                pending_or = bool(groups)
                continue
            negative = "-" if bare.startswith("-") and len(bare) > 1 else ""
            quoted = bare[1:] if negative else bare
        words = tuple(w.lower() for w in _WORD.findall(quoted or ""))
        if not words:
            continue
        if negative:
            excluded.append(words)
        elif pending_or:
            groups[-1].append(words)
        else:
            groups.append([words])
        pending_or = False
    if not groups:
        what = "only excluded words" if excluded else "no word"
        raise KBError(f"nothing to search for in {raw!r} ({what}; "
                      "try: frt search \"face recognition\" ban)")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def _since(value: date | None) -> datetime | None:
    return datetime(value.year, value.month, value.day, tzinfo=timezone.utc) if value else None


def _filters(source: str | None, since: date | None, all_versions: bool) -> list[str]:
    where = []
    if not all_versions:
        where.append("d.current_version_id = v.id")
    if source:
        where.append("d.source_id = :source")
    if since:
        where.append("COALESCE(d.published, v.fetched_at) >= :since")
    return where


# BM25 (lower is better, so negated for the score); the snippet marks hits with START/STOP.
SQLITE_SQL = (
    f"SELECT v.id AS version_id, -bm25({FTS_TABLE}) AS score, "
    f"snippet({FTS_TABLE}, 0, char(2), char(3), '{ELLIPSIS}', {SNIPPET_TOKENS}) AS snippet "
    f"FROM {FTS_TABLE} JOIN documentversion v ON v.id = {FTS_TABLE}.rowid "
    "JOIN document d ON d.id = v.document_id "
    f"WHERE {FTS_TABLE} MATCH :q{{where}} ORDER BY rank, v.id LIMIT :limit")
# The first pass: FTS5's own top-k by rank (BM25), without joins, so FTS5 ranks inside the
# index and builds snippets for the rows it returns only; the filters are then checked on
# those rows, and the full query runs only when too few of them pass.
SQLITE_TOP_SQL = (f"SELECT rowid AS version_id, -rank AS score FROM {FTS_TABLE} "
                  f"WHERE {FTS_TABLE} MATCH :q AND rowid > :floor ORDER BY rank LIMIT :limit")
SQLITE_SNIPPETS_SQL = (
    f"SELECT rowid, snippet({FTS_TABLE}, 0, char(2), char(3), '{ELLIPSIS}', {SNIPPET_TOKENS}) "
    f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q AND rowid IN :ids")
RANK_CAP = 10_000  # matches ranked at most, the most recently stored first (see the docstring)
# The version id below which a broad query's matches are not ranked: the newest RANK_CAP pass.
SQLITE_FLOOR_SQL = (f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q "
                    "ORDER BY rowid DESC LIMIT 1 OFFSET :cap")
SQLITE_COUNT_SQL = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"
OVERFETCH = 4  # rows the pass reads per result wanted; with a source or date filter, 50
FILTERED_OVERFETCH = 50
# The WHERE repeats the index expression exactly, so the GIN index serves it; ts_rank's
# normalisation 1 divides by 1 + log(length), as BM25 weighs a long text's hits less;
# ts_headline runs on the top rows only.
_TSV = "to_tsvector('english'::regconfig, v.text)"
PG_SQL = (
    "WITH q AS (SELECT websearch_to_tsquery('english'::regconfig, :q) AS q), "
    f"top AS (SELECT v.id AS version_id, ts_rank({_TSV}, q.q, 1) AS score "
    "FROM documentversion v JOIN document d ON d.id = v.document_id, q "
    f"WHERE {_TSV} @@ q.q{{where}} ORDER BY score DESC, v.id LIMIT :limit) "
    "SELECT top.version_id, top.score, ts_headline('english'::regconfig, v.text, q.q, "
    f"'StartSel=\"{START}\", StopSel=\"{STOP}\", MaxWords={SNIPPET_TOKENS}, MinWords=8, "
    f"MaxFragments=2, FragmentDelimiter=\" {ELLIPSIS} \"') AS snippet "
    "FROM top JOIN documentversion v ON v.id = top.version_id, q "
    "ORDER BY top.score DESC, top.version_id")
PG_FLOOR_SQL = (f"SELECT v.id FROM documentversion v WHERE {_TSV} @@ websearch_to_tsquery("
                "'english'::regconfig, :q) ORDER BY v.id DESC LIMIT 1 OFFSET :cap")
PG_COUNT_SQL = (f"SELECT count(*) FROM documentversion v WHERE {_TSV} @@ websearch_to_tsquery("
                "'english'::regconfig, :q)")


@dataclass(frozen=True)
class Results:
    """A search's answer: the rows, and how many stored versions matched and were ranked
    (``ranked < matched`` only when a broad query's ranking was bounded; see RANK_CAP)."""

    rows: list[dict[str, Any]]
    matched: int | None = None  # counted only when the ranking was bounded
    ranked: int | None = None

    @property
    def bounded(self) -> bool:
        return self.ranked is not None


def search(session: Session, raw: str, *, source: str | None = None, since: date | None = None,
           limit: int = 20, all_versions: bool = False) -> list[dict[str, Any]]:
    """Documents whose text matches ``raw``, best first (the rows of ``search_results``)."""
    return search_results(session, raw, source=source, since=since, limit=limit,
                          all_versions=all_versions).rows


def search_results(session: Session, raw: str, *, source: str | None = None,
                   since: date | None = None, limit: int = 20, all_versions: bool = False,
                   rank_cap: int | None = RANK_CAP) -> Results:
    """Documents whose text matches ``raw``, best first.

    Args:
        raw: the query (web-search style, see the module docstring).
        source: only documents of this source id.
        since: only documents published (else fetched) on or after this day.
        limit: at most this many results.
        all_versions: search every stored version, not only each document's current one.
        rank_cap: without ``source`` and ``since``, rank at most this many matches, the most
            recently stored (None: rank every match).

    Returns:
        ``Results``: one dict per matching version (document id, version number, whether it
        is the current version, title, source, date, URL, score (higher is better),
        ``snippet`` (plain text around the hits) and ``highlights`` ([start, end) offsets of
        the hits in the snippet)), and, when the ranking was bounded, how many versions
        matched and how many were ranked.

    Raises:
        KBError: for a query with nothing to search for, an unknown source or a limit < 1.
    """
    query = parse_query(raw)
    if limit < 1:
        raise KBError(f"--limit must be at least 1, got {limit}")
    if rank_cap is not None and rank_cap < 1:
        raise KBError(f"the rank cap must be at least 1, got {rank_cap}")
    if source:
        _check_source(session, source)
    pg = session.get_bind().dialect.name == "postgresql"
    if not pg and session.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"),
                                  {"n": FTS_TABLE}).first() is None:
        raise KBError("full-text search is not available in this knowledge base "
                      "(its SQLite has no FTS5)")
    q = query.websearch() if pg else query.fts5()
    floor, matched, ranked = 0, None, None
    if rank_cap is not None and not source and not since:
        row = session.execute(text(PG_FLOOR_SQL if pg else SQLITE_FLOOR_SQL),
                              {"q": q, "cap": rank_cap}).first()
        if row is not None:  # more than rank_cap matches: rank the newest rank_cap
            floor, ranked = row[0], rank_cap
            matched = session.execute(text(PG_COUNT_SQL if pg else SQLITE_COUNT_SQL), {"q": q}).scalar()
    where_list = _filters(source, since, all_versions) + (["v.id > :floor"] if floor else [])
    where = "".join(" AND " + w for w in where_list)
    if pg:
        sql = PG_SQL.format(where=where)
    else:
        sql = SQLITE_SQL.format(where=where)
        hits = _sqlite_top(session, q, limit, source, since, all_versions, floor)
        if hits is not None:
            return Results(_describe(session, hits), matched, ranked)
    statement = text(sql)
    params: dict[str, Any] = {"q": q, "limit": limit}
    if floor:
        params["floor"] = floor
    if source:
        params["source"] = source
    if since:
        statement = statement.bindparams(bindparam("since", type_=UTCDateTime()))
        params["since"] = _since(since)
    return Results(_describe(session, list(session.execute(statement, params))), matched, ranked)


class Hit(NamedTuple):
    version_id: int
    score: float
    snippet: str | None


def _sqlite_top(session: Session, q: str, limit: int, source: str | None, since: date | None,
                all_versions: bool, floor: int = 0) -> list[Any] | None:
    """The best ``limit`` hits from FTS5's top-k pass (SQLITE_TOP_SQL), or None when too few
    of the rows it returned pass the filters (then the full query decides)."""
    fetch = max(limit * (FILTERED_OVERFETCH if source or since else OVERFETCH), 50)
    top = list(session.execute(text(SQLITE_TOP_SQL), {"q": q, "limit": fetch, "floor": floor}))
    if not top:
        return []
    where = _filters(source, since, all_versions)
    statement = text("SELECT v.id FROM documentversion v JOIN document d ON d.id = v.document_id "
                     "WHERE v.id IN :ids" + "".join(" AND " + w for w in where)).bindparams(
        bindparam("ids", expanding=True))
    params: dict[str, Any] = {"ids": [h.version_id for h in top]}
    if source:
        params["source"] = source
    if since:
        statement = statement.bindparams(bindparam("since", type_=UTCDateTime()))
        params["since"] = _since(since)
    kept = {r[0] for r in session.execute(statement, params)}
    hits = sorted((h for h in top if h.version_id in kept), key=lambda h: (-h.score, h.version_id))
    complete = len(top) < fetch  # every match was seen
    if not complete and not (len(hits) >= limit and hits[limit - 1].score > top[-1].score):
        return None  # too few passed, or a tie runs past the rows the pass read
    hits = hits[:limit]
    snippets = dict(session.execute(text(SQLITE_SNIPPETS_SQL).bindparams(bindparam("ids", expanding=True)),
                                    {"q": q, "ids": [h.version_id for h in hits]}).all()) if hits else {}
    return [Hit(h.version_id, h.score, snippets.get(h.version_id)) for h in hits]


def _check_source(session: Session, source: str) -> None:
    if session.execute(text("SELECT 1 FROM source WHERE id = :s"), {"s": source}).first():
        return
    known = [r[0] for r in session.execute(text("SELECT id FROM source ORDER BY id"))]
    close = [m[0] for m in process.extract(source, known, scorer=fuzz.WRatio, limit=3,
                                           score_cutoff=50)]
    hint = f"; did you mean: {', '.join(close)}?" if close else " (see `frt sources list`)"
    raise KBError(f"no source {source!r}{hint}")


def _describe(session: Session, hits: list[Any]) -> list[dict[str, Any]]:
    if not hits:
        return []
    ids = [h.version_id for h in hits]
    rows = session.execute(text(
        "SELECT v.id, v.document_id, v.version_no, v.fetched_at, d.current_version_id, d.title, "
        "d.url, d.published, d.source_id, s.name AS source_name FROM documentversion v "
        "JOIN document d ON d.id = v.document_id JOIN source s ON s.id = d.source_id "
        "WHERE v.id IN :ids").bindparams(bindparam("ids", expanding=True)), {"ids": ids})
    meta = {r.id: r for r in rows}
    out = []
    for h in hits:
        m = meta[h.version_id]
        snippet, highlights = split_marks(h.snippet or "")
        when = _as_date(m.published) or _as_date(m.fetched_at)
        out.append({"document_id": m.document_id, "version": m.version_no,
                    "current": m.current_version_id == h.version_id, "title": m.title,
                    "source": m.source_id, "source_name": m.source_name, "date": when,
                    "url": m.url, "score": float(f"{float(h.score):.4g}"), "snippet": snippet,
                    "highlights": highlights})
    return out


def _as_date(value: Any) -> str | None:
    """A stored timestamp (datetime, or SQLite's text) as its ISO day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)[:10]


def split_marks(marked: str) -> tuple[str, list[list[int]]]:
    """Remove the hit markers from a snippet: (plain text, [start, end) of every hit)."""
    plain: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start = None
    for ch in marked:
        if ch == START:
            start = pos
        elif ch == STOP:
            if start is not None and pos > start:
                spans.append([start, pos])
            start = None
        else:
            plain.append(ch)
            pos += 1
    # line breaks and page breaks become spaces (one for one, so the offsets still hold)
    return "".join(plain).translate(_SPACES), spans
