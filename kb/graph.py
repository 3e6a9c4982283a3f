"""The graph view: a networkx MultiDiGraph built from the store in one function.

Nodes are keyed by record ids ("entity:3", "commitment:7", "finding:2", "document:5"); a
commitment or finding node is a fact (kb/factgroups.py: one per promise, measure or finding,
keyed by its primary report). Every edge has a ``type`` and, where the store has them, the
``evidence`` quote and the ``document`` node it comes from:

- from the Edge table (relations the extractor reports, pipelines/nlp/relations.py):
  ``made_by`` (product -> vendor), ``works_for`` (person -> organisation, with the ``role``
  the text gives), ``uses`` (agency -> vendor or product), ``supplies`` (vendor -> agency),
  ``authored`` (person -> study), ``subsidiary_of``, ``in_jurisdiction`` (law ->
  jurisdiction); a stored type "works_for:chief executive" is the type ``works_for`` with the
  role "chief executive";
- ``mentioned_in`` (entity -> document), one per entity and document, from the Mention
  table: the surface text, its character span and how often the document names it;
- from facts: ``committed`` (actor -> commitment), ``about`` (commitment -> product),
  ``extends``, ``cited_in`` (fact -> every document that reports it), ``reported_by`` and
  ``measures`` (finding -> study, system), ``evaluated`` (study -> the system or vendor a
  finding measured) and ``in_jurisdiction`` / ``adopted_by`` (law -> the jurisdiction or
  body whose measure comes from it).

The graph is a view for traversal, centrality and export, never a second store.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from sqlalchemy import func
from sqlmodel import Session, select

from kb import queries
from kb.errors import KBError
from kb.judgements import fact_judgements
from kb.models import Commitment, Document, Edge, Entity, Mention

ROLE_SEP = ":"
"""Separates an Edge row's type from its qualifier ("works_for:chief executive")."""


def split_type(stored: str) -> tuple[str, str | None]:
    """("works_for", "chief executive") for the stored edge type "works_for:chief executive"."""
    type_, _, role = stored.partition(ROLE_SEP)
    return type_, (role or None)


def _cite(g: nx.MultiDiGraph, src: str, dst: str, type_: str, report: dict[str, Any] | None, **attrs) -> None:
    """Add an edge whose evidence is a report's quote in its document."""
    if report is not None:
        attrs.update(evidence=report.get("quote") or "", document=f"document:{report['document_id']}")
    g.add_edge(src, dst, type=type_, **attrs)


def build_graph(session: Session) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    names: dict[str, str] = {}
    types: dict[str, str] = {}
    for e in session.exec(select(Entity)):
        node = f"entity:{e.id}"
        g.add_node(node, kind="entity", type=e.type, label=e.name)
        names.setdefault(e.name.lower(), node)
        types[node] = e.type
    for d in session.execute(select(Document.id, Document.title, Document.url, Document.source_id)):
        g.add_node(f"document:{d.id}", kind="document", label=d.title or d.url, url=d.url,
                   source=d.source_id)
    for e in session.exec(select(Edge)):
        type_, role = split_type(e.type)
        attrs = {"role": role} if role else {}
        if e.document_id is not None:
            attrs["document"] = f"document:{e.document_id}"
        g.add_edge(f"entity:{e.src_id}", f"entity:{e.dst_id}", key=f"edge:{e.id}", type=type_,
                   evidence=e.evidence or "", **attrs)
    _add_mentions(g, session)
    _add_commitments(g, session, names, types)
    _add_findings(g, session, names)
    return g


def _add_mentions(g: nx.MultiDiGraph, session: Session) -> None:
    """One ``mentioned_in`` edge per entity and document: the first mention's text and span."""
    # counted in SQL (the (entity_id, document_id) index), in the order of each first mention
    first = (select(Mention.entity_id, Mention.document_id, func.min(Mention.id).label("first"),
                    func.count(Mention.id).label("n"))
             .group_by(Mention.entity_id, Mention.document_id).subquery())
    rows = session.execute(select(first.c.entity_id, first.c.document_id, Mention.text, Mention.start_char,
                                  Mention.end_char, first.c.n)
                           .join(Mention, Mention.id == first.c.first).order_by(first.c.first))
    for entity_id, document_id, text, start, end, n in rows:
        doc = f"document:{document_id}"
        g.add_edge(f"entity:{entity_id}", doc, type="mentioned_in", document=doc, evidence=text,
                   start_char=start, end_char=end, mentions=n)


def _add_commitments(g: nx.MultiDiGraph, session: Session, names: dict[str, str],
                     types: dict[str, str]) -> None:
    judged = fact_judgements(session)
    records = {c.id: c for c in session.execute(select(Commitment.id, Commitment.actor_id, Commitment.extends_id))}
    node_of: dict[int, str] = {}
    facts = queries.group_commitments(queries.commitments(session), judged)
    for fact in facts:  # one node per fact, an edge to every document that reports it
        node = f"commitment:{fact['id']}"
        head = fact["reports"][0] if fact["reports"] else None
        for r in fact["reports"]:
            node_of[r["id"]] = node
        g.add_node(node, kind="commitment", label=f"{fact['actor']}: {fact['action']}", action=fact["action"],
                   scope=fact["scope"] or "", status=fact["status"], start=fact["start"] or "",
                   law=fact["law"] or "", reports=fact["n_reports"], quote=fact["quote"])
        for r in fact["reports"]:
            _cite(g, node, f"document:{r['document_id']}", "cited_in", r)
        actors = {records[r["id"]].actor_id for r in fact["reports"] if records[r["id"]].actor_id}
        for actor_id in sorted(actors):
            _cite(g, f"entity:{actor_id}", node, "committed", head)
        if fact["product"] and fact["product"].lower() in names:
            _cite(g, node, names[fact["product"].lower()], "about", head)
        law = names.get((fact["law"] or "").lower())
        if law and types.get(law) == "LAW":
            for actor_id in sorted(actors):
                actor = f"entity:{actor_id}"
                kind = "in_jurisdiction" if types.get(actor) == "JURISDICTION" else "adopted_by"
                _cite(g, law, actor, kind, head)
    for fact in facts:
        target = records[fact["id"]].extends_id
        if target and target in node_of and node_of[target] != f"commitment:{fact['id']}":
            _cite(g, f"commitment:{fact['id']}", node_of[target], "extends",
                  fact["reports"][0] if fact["reports"] else None)


def _add_findings(g: nx.MultiDiGraph, session: Session, names: dict[str, str]) -> None:
    judged = fact_judgements(session)
    evaluated: set[tuple[str, str]] = set()
    for fact in queries.group_findings(queries.findings(session), judged):
        node = f"finding:{fact['id']}"
        head = fact["reports"][0] if fact["reports"] else None
        g.add_node(node, kind="finding", label=f"{fact['metric']} {fact['value']}{fact['unit'] or ''} {fact['group']}",
                   reports=fact["n_reports"], quote=fact["quote"])
        for r in fact["reports"]:
            _cite(g, node, f"document:{r['document_id']}", "cited_in", r)
        study = names.get((fact["study"] or "").lower())
        system = names.get((fact["system"] or fact["vendor"] or "").lower())
        if study:
            _cite(g, node, study, "reported_by", head)
        if system:
            _cite(g, node, system, "measures", head)
        if study and system and (study, system) not in evaluated:  # the study tested that system
            evaluated.add((study, system))
            _cite(g, study, system, "evaluated", head)


def most_central(g: nx.MultiDiGraph, kind: str = "entity", limit: int = 10) -> list[tuple[str, float]]:
    """Entities ranked by degree centrality (how many facts and documents connect to them)."""
    scores = nx.degree_centrality(g)
    ranked = sorted((n for n, d in g.nodes(data=True) if d.get("kind") == kind),
                    key=lambda n: -scores[n])
    return [(g.nodes[n]["label"], round(scores[n], 4)) for n in ranked[:limit]]


def _row(g: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any]) -> dict[str, Any]:
    doc = data.get("document")
    doc_attrs = g.nodes[doc] if doc in g else {}
    return {"source": g.nodes[u].get("label"), "type": data.get("type"), "role": data.get("role"),
            "target": g.nodes[v].get("label"), "evidence": data.get("evidence") or None,
            "document": doc_attrs.get("label"), "url": doc_attrs.get("url"),
            "source_id": u, "target_id": v}


def neighbours(g: nx.MultiDiGraph, node: str, depth: int = 1,
               edge_types: set[str] | None = None) -> list[dict[str, Any]]:
    """Every edge within ``depth`` steps of ``node`` (either direction), nearest first, each
    with its evidence quote and document; ``edge_types`` keeps only those types.

    Raises:
        KBError: for an edge type the graph does not have.
    """
    known = {d.get("type") for _, _, d in g.edges(data=True)}
    if edge_types and edge_types - known:
        raise KBError(f"no edge of type {', '.join(sorted(edge_types - known))} in the graph; "
                      f"it has: {', '.join(sorted(t for t in known if t))}")
    seen_nodes, seen_edges, frontier, rows = {node}, set(), [node], []
    for step in range(1, depth + 1):
        following = []
        for here in frontier:
            edges = [(u, v, k, d) for u, v, k, d in g.out_edges(here, keys=True, data=True)]
            edges += [(u, v, k, d) for u, v, k, d in g.in_edges(here, keys=True, data=True)]
            for u, v, k, d in edges:
                if (u, v, k) in seen_edges or (edge_types and d.get("type") not in edge_types):
                    continue
                seen_edges.add((u, v, k))
                other = v if u == here else u
                rows.append({"depth": step, **_row(g, u, v, d), "neighbour": g.nodes[other].get("label"),
                             "neighbour_kind": g.nodes[other].get("type") or g.nodes[other].get("kind")})
                if other not in seen_nodes:
                    seen_nodes.add(other)
                    following.append(other)
        frontier = following
    rows.sort(key=lambda r: (r["depth"], r["type"] or "", str(r["neighbour"])))
    return rows


def path(g: nx.MultiDiGraph, a: str, b: str, via_documents: bool = False) -> list[dict[str, Any]]:
    """The shortest chain of edges between two nodes, whatever their direction, each step
    with its evidence. Documents are not stepped through unless ``via_documents``.

    Raises:
        KBError: when no chain connects them.
    """
    if a == b:
        raise KBError(f"both names are {g.nodes[a]['label']!r}: give two different entities")
    view = g.to_undirected(as_view=True)
    if not via_documents:
        view = nx.subgraph_view(view, filter_node=lambda n: n in (a, b) or g.nodes[n].get("kind") != "document")
    try:
        nodes = nx.shortest_path(view, a, b)
    except nx.NetworkXNoPath:
        hint = "" if via_documents else " (try --via-documents)"
        raise KBError(f"no path between {g.nodes[a]['label']!r} and {g.nodes[b]['label']!r}{hint}") from None
    rows = []
    for step, (x, y) in enumerate(zip(nodes, nodes[1:]), start=1):
        options = [(x, y, d) for d in (g.get_edge_data(x, y) or {}).values()]
        options += [(y, x, d) for d in (g.get_edge_data(y, x) or {}).values()]
        u, v, d = max(options, key=lambda o: (o[2].get("type") != "mentioned_in", bool(o[2].get("evidence"))))
        rows.append({"step": step, **_row(g, u, v, d)})
    return rows
