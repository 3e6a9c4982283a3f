"""The graph view: a networkx MultiDiGraph built from the store in one function.

Nodes are keyed by record ids ("entity:3", "commitment:7", "finding:2", "document:5"); a
commitment or finding node is a fact (kb/factgroups.py: one per promise, measure or finding,
keyed by its primary report) with a ``cited_in`` edge to every document that reports it; typed
edges between entities come from the Edge table. The
graph is a view for traversal, centrality and export, never a second store.
"""

from __future__ import annotations

import networkx as nx
from sqlmodel import Session, select

from kb import queries
from kb.judgements import fact_judgements
from kb.models import Commitment, Document, Edge, Entity


def build_graph(session: Session) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    names: dict[str, str] = {}
    for e in session.exec(select(Entity)):
        g.add_node(f"entity:{e.id}", kind="entity", type=e.type, label=e.name)
        names[e.name.lower()] = f"entity:{e.id}"
    for d in session.exec(select(Document)):
        g.add_node(f"document:{d.id}", kind="document", label=d.title or d.url, url=d.url)
    for e in session.exec(select(Edge)):
        g.add_edge(f"entity:{e.src_id}", f"entity:{e.dst_id}", key=e.type, type=e.type,
                   document=e.document_id, evidence=e.evidence or "")
    judged = fact_judgements(session)
    records = {c.id: c for c in session.exec(select(Commitment))}
    node_of: dict[int, str] = {}
    facts = queries.group_commitments(queries.commitments(session), judged)
    for fact in facts:  # one node per fact, an edge to every document that reports it
        node = f"commitment:{fact['id']}"
        for r in fact["reports"]:
            node_of[r["id"]] = node
        g.add_node(node, kind="commitment", label=f"{fact['actor']}: {fact['action']}", action=fact["action"],
                   scope=fact["scope"] or "", status=fact["status"], start=fact["start"] or "",
                   law=fact["law"] or "", reports=fact["n_reports"], quote=fact["quote"])
        for r in fact["reports"]:
            g.add_edge(node, f"document:{r['document_id']}", type="cited_in", evidence=r["quote"] or "")
        actors = {records[r["id"]].actor_id for r in fact["reports"] if records[r["id"]].actor_id}
        for actor_id in actors:
            g.add_edge(f"entity:{actor_id}", node, type="committed")
        if fact["product"] and fact["product"].lower() in names:
            g.add_edge(node, names[fact["product"].lower()], type="about")
    for fact in facts:
        target = records[fact["id"]].extends_id
        if target and target in node_of and node_of[target] != f"commitment:{fact['id']}":
            g.add_edge(f"commitment:{fact['id']}", node_of[target], type="extends")
    for fact in queries.group_findings(queries.findings(session), judged):
        node = f"finding:{fact['id']}"
        g.add_node(node, kind="finding", label=f"{fact['metric']} {fact['value']}{fact['unit'] or ''} {fact['group']}",
                   reports=fact["n_reports"], quote=fact["quote"])
        for r in fact["reports"]:
            g.add_edge(node, f"document:{r['document_id']}", type="cited_in", evidence=r["quote"] or "")
        for role, name in (("reported_by", fact["study"]), ("measures", fact["system"] or fact["vendor"])):
            if name and name.lower() in names:
                g.add_edge(node, names[name.lower()], type=role)
    return g


def most_central(g: nx.MultiDiGraph, kind: str = "entity", limit: int = 10) -> list[tuple[str, float]]:
    """Entities ranked by degree centrality (how many facts and documents connect to them)."""
    scores = nx.degree_centrality(g)
    ranked = sorted((n for n, d in g.nodes(data=True) if d.get("kind") == kind),
                    key=lambda n: -scores[n])
    return [(g.nodes[n]["label"], round(scores[n], 4)) for n in ranked[:limit]]
