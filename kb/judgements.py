"""Analyst judgements: merge two entities, split one out, reject a false fact.

Judgements are stored apart from the derived facts, so they survive every rebuild. Adding one
marks the affected documents for re-extraction (``frt extract --all`` applies it); a rejected
fact is also removed at once.
"""

from __future__ import annotations

from sqlalchemy import delete, or_, update
from sqlmodel import Session, select

from kb.models import Alias, Commitment, Document, Entity, Finding, Judgement, Mention
from kb.resolve import entity_ref
from kb.store import utcnow

KINDS = ("merge", "split", "reject")


class JudgementError(ValueError):
    """Raised by add_judgement for a target that does not exist in the KB."""


def _mark_stale_for_entity(session: Session, name: str) -> int:
    ids = select(Entity.id).where(or_(Entity.name == name, Entity.id.in_(
        select(Alias.entity_id).where(Alias.alias == name.lower()))))
    docs = select(Mention.document_id).where(Mention.entity_id.in_(ids))
    result = session.execute(update(Document).where(Document.id.in_(docs))
                             .values(extracted_hash=None))
    return result.rowcount or 0


def add_judgement(session: Session, kind: str, target: str, value: str | None = None,
                  type_: str | None = None, note: str | None = None) -> tuple[Judgement, int]:
    """Store a judgement and apply what can be applied now.

    Args:
        kind: merge (target into value), split (target out of what it was merged into), reject
            (target is a fact key shown by ``--format json`` listings).
        target: entity name or fact key.
        value: for merge, the entity to merge into.
        type_: entity type the names refer to (VENDOR, AGENCY ...); any type when omitted.

    Returns:
        The judgement and the number of documents affected.
    """
    if kind not in KINDS:
        raise JudgementError(f"unknown judgement {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "reject":
        hits = 0
        for model in (Commitment, Finding):
            hits += session.execute(delete(model).where(model.fact_key == target)).rowcount or 0
        if not hits:
            raise JudgementError(f"no commitment or finding has fact key {target!r}")
        affected = hits
        stored_target = target
    else:
        if kind == "merge" and not value:
            raise JudgementError("merge needs the entity to merge into")
        affected = _mark_stale_for_entity(session, target)
        if not affected and not session.exec(select(Entity).where(Entity.name == target)).first():
            raise JudgementError(f"no entity named {target!r} in the knowledge base")
        stored_target = entity_ref(target, type_ or "")
        value = entity_ref(value, type_ or "") if value else None
    judgement = Judgement(kind=kind, target=stored_target.rstrip("|"),
                          value=value.rstrip("|") if value else None, note=note,
                          created_at=utcnow())
    session.add(judgement)
    return judgement, affected
