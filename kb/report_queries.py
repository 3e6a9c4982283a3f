"""Small read-side lookups the reports need besides kb/queries.py: what type each actor is,
and which vendor makes each product."""

from __future__ import annotations

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from kb.models import Commitment, Edge, Entity

# Edge types from a product to the vendor that makes it (kb/facts.py writes "made_by").
PRODUCT_OF = ("made_by",)


def actor_types(session: Session) -> dict[str, str]:
    """Entity type of every commitment actor, by the actor name the commitment gives
    ("Amazon" -> "VENDOR", "San Francisco" -> "JURISDICTION")."""
    rows = session.exec(select(Commitment.actor, Entity.type).join(Entity, Entity.id == Commitment.actor_id)
                        .distinct())
    return {actor: type_ for actor, type_ in sorted(rows.all()) if actor}


def product_vendors(session: Session) -> dict[str, str]:
    """Lower-cased product name -> the vendor's name, from "made_by" edges and from
    commitments that name a product ("Amazon ... Rekognition")."""
    product, vendor = aliased(Entity), aliased(Entity)
    out: dict[str, str] = {}
    for actor, name in sorted(session.exec(select(Commitment.actor, Commitment.product).where(
            Commitment.product.is_not(None), Commitment.actor.is_not(None)).distinct()).all()):
        out.setdefault(name.lower(), actor)
    edges = select(product.name, vendor.name).join(Edge, Edge.src_id == product.id).join(
        vendor, Edge.dst_id == vendor.id).where(Edge.type.in_(PRODUCT_OF)).distinct()
    for prod, maker in sorted(session.exec(edges).all()):
        out[prod.lower()] = maker  # the stated relation wins over a co-occurrence
    return out
