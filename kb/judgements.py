"""Analyst judgements: merge two entities, split one out, reject a false fact, put two
reports in one fact (merge_facts) or take a report out of its fact (split_fact).

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

KINDS = ("merge", "split", "reject", "merge_facts", "split_fact")
FACT_KINDS = ("merge_facts", "split_fact")


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
    if kind in FACT_KINDS:
        keys = [target] + ([value] if kind == "merge_facts" else [])
        if kind == "merge_facts" and not value:
            raise JudgementError("merge-facts needs two fact keys")
        for key in keys:
            if not any(session.exec(select(model.id).where(model.fact_key == key)).first()
                       for model in (Commitment, Finding)):
                raise JudgementError(f"no commitment or finding has fact key {key!r}")
        judgement = Judgement(kind=kind, target=target, value=value, note=note, created_at=utcnow())
        session.add(judgement)
        return judgement, len(keys)  # applied when facts are read: nothing to re-extract
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


def fact_judgements(session: Session) -> tuple[list[tuple[str, str]], set[str]]:
    """(pairs of report fact keys that are one fact, report fact keys that stand alone)."""
    merges, splits = [], set()
    for j in session.exec(select(Judgement).where(Judgement.kind.in_(FACT_KINDS)).order_by(Judgement.id)):
        if j.kind == "merge_facts" and j.value:
            merges.append((j.target, j.value))
        else:
            splits.add(j.target)
    return merges, splits


def apply_fact_judgements(groups: list[list[dict]], merges: list[tuple[str, str]],
                          splits: set[str]) -> list[list[dict]]:
    """Regroup resolved facts as the analysts said: split reports out first, then merge."""
    out: list[list[dict]] = []
    for group in groups:
        alone = [r for r in group if r.get("fact_key") in splits]
        rest = [r for r in group if r.get("fact_key") not in splits]
        out.extend([[r] for r in alone] + ([rest] if rest else []))
    for a, b in merges:
        ga = next((g for g in out if any(r.get("fact_key") == a for r in g)), None)
        gb = next((g for g in out if any(r.get("fact_key") == b for r in g)), None)
        if ga is not None and gb is not None and ga is not gb:
            ga.extend(gb)
            out.remove(gb)
    return out
