"""The graph view: a networkx MultiDiGraph built from the store in one function.

Nodes are keyed by record ids ("entity:3", "commitment:7", "finding:2", "document:5"); typed
edges come from the Edge table and from the foreign keys of commitments and findings. The
graph is a view for traversal, centrality and export, never a second store.
"""

from __future__ import annotations

import networkx as nx
from sqlmodel import Session, select

from kb.models import Commitment, Document, Edge, Entity, Finding


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
    for c in session.exec(select(Commitment)):
        node = f"commitment:{c.id}"
        g.add_node(node, kind="commitment", label=f"{c.actor}: {c.action}", action=c.action,
                   scope=c.scope or "", quote=c.quote)
        g.add_edge(node, f"document:{c.document_id}", type="cited_in")
        if c.actor_id:
            g.add_edge(f"entity:{c.actor_id}", node, type="committed")
        if c.product and c.product.lower() in names:
            g.add_edge(node, names[c.product.lower()], type="about")
        if c.extends_id:
            g.add_edge(node, f"commitment:{c.extends_id}", type="extends")
    for f in session.exec(select(Finding)):
        node = f"finding:{f.id}"
        g.add_node(node, kind="finding", label=f"{f.metric} {f.value}{f.unit or ''} {f.group}",
                   quote=f.quote)
        g.add_edge(node, f"document:{f.document_id}", type="cited_in")
        for role, name in (("reported_by", f.study), ("measures", f.system or f.vendor)):
            if name and name.lower() in names:
                g.add_edge(node, names[name.lower()], type=role)
    return g


def most_central(g: nx.MultiDiGraph, kind: str = "entity", limit: int = 10) -> list[tuple[str, float]]:
    """Entities ranked by degree centrality (how many facts and documents connect to them)."""
    scores = nx.degree_centrality(g)
    ranked = sorted((n for n, d in g.nodes(data=True) if d.get("kind") == kind),
                    key=lambda n: -scores[n])
    return [(g.nodes[n]["label"], round(scores[n], 4)) for n in ranked[:limit]]
