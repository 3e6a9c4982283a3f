"""Dynamic routes of the demo site: an Open States v3 ``/bills`` imitation and an arXiv query API.

Both read one stored file under the site root and page through it per request, so that the
crawler's paging code is exercised (default page sizes are 2).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone
from html import escape, unescape
from urllib.parse import urlencode

from crawler.demo_site.server import Request, Response, route, static_file

JSON = "application/json"
ATOM = "application/atom+xml; charset=utf-8"


def _int(req: Request, name: str, default: int) -> int | None:
    try:
        return int(req.arg(name, str(default)))
    except ValueError:
        return None


def _error(status: int, detail: str) -> Response:
    return Response(status, json.dumps({"detail": detail}).encode(), JSON)


# --- Open States v3 --------------------------------------------------------------------------

BILLS_FILE = "openstates/bills.json"
INCLUDABLE = ("abstracts", "actions", "sources", "versions", "sponsorships", "votes")


def _bill_text(bill: dict) -> str:
    parts = [bill.get("title", ""), *bill.get("subject", [])]
    parts += [a.get("abstract", "") for a in bill.get("abstracts", [])]
    return " ".join(parts).lower()


def _jurisdiction_matches(bill: dict, wanted: str) -> bool:
    """Match the jurisdiction id, its name, or any segment (``us``, ``ca``) of its ocd id."""
    jur = bill.get("jurisdiction", {})
    wanted = wanted.strip().lower()
    segments = [s.split(":", 1)[-1] for s in jur.get("id", "").lower().split("/")]
    return wanted in (jur.get("id", "").lower(), jur.get("name", "").lower(), *segments)


@route("/openstates/bills")
def openstates_bills(req: Request) -> Response:
    page, per_page = _int(req, "page", 1), _int(req, "per_page", 2)
    if page is None or per_page is None or page < 1 or not 1 <= per_page <= 20:
        return _error(400, "page must be >= 1 and per_page between 1 and 20")
    path = req.root / BILLS_FILE
    bills = json.loads(req.text(BILLS_FILE))["results"]
    if jurisdiction := req.arg("jurisdiction"):
        bills = [b for b in bills if _jurisdiction_matches(b, jurisdiction)]
    if q := req.arg("q"):
        words = q.lower().split()
        bills = [b for b in bills if all(w in _bill_text(b) for w in words)]
    if since := req.arg("updated_since"):
        bills = [b for b in bills if b.get("updated_at", "")[: len(since)] >= since]
    if req.arg("sort", "updated_desc") == "updated_asc":
        bills.sort(key=lambda b: b.get("updated_at", ""))
    else:
        bills.sort(key=lambda b: b.get("updated_at", ""), reverse=True)
    includes = set(req.query.get("include", []))
    total = len(bills)
    max_page = max(1, -(-total // per_page))
    if page > max_page:
        return _error(404, f"No such page: {page} (max_page is {max_page})")
    rows = [
        {k: v for k, v in bill.items() if k not in INCLUDABLE or k in includes}
        for bill in bills[(page - 1) * per_page : page * per_page]
    ]
    envelope = {
        "results": rows,
        "pagination": {"per_page": per_page, "page": page, "max_page": max_page, "total_items": total},
    }
    return Response(200, json.dumps(envelope, indent=2).encode(), JSON, path.stat().st_mtime)


@route("/openstates/", prefix=True)
def openstates_bill_page(req: Request) -> Response:
    """The page a bill's ``openstates_url`` points to; other paths fall through to files."""
    for bill in json.loads(req.text(BILLS_FILE))["results"]:
        if bill.get("openstates_url", "").endswith(req.path) and req.path.endswith("/"):
            actions = "\n".join(f"      <li><time>{a['date']}</time> {escape(a['description'])}</li>"
                                for a in bill.get("actions", []))
            abstract = " ".join(a["abstract"] for a in bill.get("abstracts", []))
            html = BILL_PAGE.format(
                identifier=escape(bill["identifier"]), title=escape(bill["title"]),
                jurisdiction=escape(bill["jurisdiction"]["name"]), session=escape(bill["session"]),
                url=bill["openstates_url"], abstract=escape(abstract), actions=actions)
            return Response(200, html.encode(), "text/html; charset=utf-8",
                            (req.root / BILLS_FILE).stat().st_mtime)
    return static_file(req)


BILL_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{jurisdiction} {identifier} - {title} | Open States (demo)</title>
  <link rel="canonical" href="{url}">
</head>
<body>
  <main>
    <h1>{identifier}: {title}</h1>
    <p class="meta">{jurisdiction}, session {session}</p>
    <h2>Summary</h2>
    <p>{abstract}</p>
    <h2>Actions</h2>
    <ul>
{actions}
    </ul>
  </main>
  <footer><p>Demo record for the frt test suite.</p></footer>
</body>
</html>
"""


# --- arXiv API ---------------------------------------------------------------------------------

ENTRIES_FILE = "arxiv/entries.xml"
ENTRY_RE = re.compile(r"[ \t]*<entry>.*?</entry>\n?", re.S)
TERM_RE = re.compile(r'(?:([a-z]{2,3}):)?(?:"([^"]+)"|(\S+))')
OPERATORS = {"and", "or", "andnot"}
FIELDS = {"ti": r"<title>(.*?)</title>", "abs": r"<summary>(.*?)</summary>", "au": r"<name>(.*?)</name>",
          "cat": r'<category term="(.*?)"', "id": r"<id>(.*?)</id>"}


def _query_terms(search_query: str) -> list[tuple[str, str]]:
    """(prefix, phrase) pairs of an arXiv query; operators dropped, no prefix means ``all``."""
    terms = []
    for prefix, phrase, word in TERM_RE.findall(search_query):
        term = " ".join((phrase or word).strip("()").lower().split())
        if term and term not in OPERATORS:
            terms.append((prefix or "all", term))
    return terms


def _matches(entry: str, prefix: str, term: str) -> bool:
    if prefix in FIELDS:
        text = " ".join(re.findall(FIELDS[prefix], entry, re.S))
    else:  # all, co, jr, rn ...: the whole entry
        text = entry
    return term in " ".join(text.lower().split())


@route("/arxiv/api/query")
def arxiv_query(req: Request) -> Response:
    start, max_results = _int(req, "start", 0), _int(req, "max_results", 2)
    if start is None or max_results is None or start < 0 or max_results < 0:
        return Response(400, b"start and max_results must be non-negative integers\n",
                        "text/plain; charset=utf-8")
    path = req.root / ENTRIES_FILE
    entries = ENTRY_RE.findall(req.text(ENTRIES_FILE))
    search_query = req.arg("search_query", "") or ""
    terms = _query_terms(search_query)
    if terms:  # OR across terms: the demo treats every query as a broad one
        entries = [e for e in entries if any(_matches(e, p, t) for p, t in terms)]
    if req.arg("sortOrder") == "ascending":
        entries.reverse()
    page = entries[start : start + max_results]
    title = f"search_query={search_query}&id_list=&start={start}&max_results={max_results}"
    query = urlencode({"search_query": search_query, "start": start, "max_results": max_results,
                       "id_list": ""})
    feed_id = hashlib.sha1(query.encode()).hexdigest()[:27]
    updated = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    feed = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>{req.base_url}/arxiv/api/{feed_id}</id>\n"
        f"  <title>arXiv Query: {escape(title)}</title>\n"
        f"  <updated>{updated}</updated>\n"
        f'  <link href="{req.base_url}/arxiv/api/query?{escape(query)}" type="application/atom+xml"/>\n'
        f"  <opensearch:itemsPerPage>{max_results}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{len(entries)}</opensearch:totalResults>\n"
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
        + "".join(page)
        + "</feed>\n"
    )
    return Response(200, feed.encode(), ATOM, path.stat().st_mtime)


ABS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>[{id}] {title}</title>
  <link rel="canonical" href="{base_url}/arxiv/abs/{id}">
  <meta name="citation_title" content="{title}">
{authors_meta}
  <meta name="citation_date" content="{date}">
  <meta name="citation_arxiv_id" content="{bare_id}">
  <meta name="citation_pdf_url" content="{base_url}/arxiv/pdf/{id}">
</head>
<body>
  <header><a href="{base_url}/">frt demo</a> &rsaquo; arXiv (demo imitation)</header>
  <main>
    <h1 class="title">{title}</h1>
    <div class="authors">{authors}</div>
    <blockquote class="abstract"><span class="descriptor">Abstract:</span>{summary}</blockquote>
  </main>
  <footer><p>Demo entry for the frt test suite.</p></footer>
</body>
</html>
"""


@route("/arxiv/abs/", prefix=True)
def arxiv_abs(req: Request) -> Response:
    """The abstract page an entry's alternate link points to (``/arxiv/abs/<id>``)."""
    wanted = req.path.rsplit("/", 1)[-1]
    for entry in ENTRY_RE.findall(req.text(ENTRIES_FILE)):
        entry_id = re.search(r"<id>.*?/abs/(.*?)</id>", entry)[1]
        bare = re.sub(r"v\d+$", "", entry_id)
        if wanted not in (entry_id, bare):
            continue
        names = re.findall(FIELDS["au"], entry)
        html = ABS_PAGE.format(
            id=entry_id, bare_id=bare, base_url=req.base_url,
            title=re.search(FIELDS["ti"], entry, re.S)[1],
            authors_meta="\n".join(f'  <meta name="citation_author" content="{n}">' for n in names),
            date=re.search(r"<published>(.{10})", entry)[1].replace("-", "/"),
            authors=", ".join(names),
            summary=escape(" ".join(unescape(re.search(FIELDS["abs"], entry, re.S)[1]).split())),
        )
        return Response(200, html.encode(), "text/html; charset=utf-8",
                        (req.root / ENTRIES_FILE).stat().st_mtime)
    return Response(404, f"Article identifier '{wanted}' not recognized\n".encode(),
                    "text/plain; charset=utf-8")
