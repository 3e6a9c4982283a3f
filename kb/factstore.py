"""The fact table, rebuilt from its reports: one Fact row per promise, measure or finding,
and ``fact_id`` on every Commitment and Finding row (its report).

Resolution is kb/factgroups.py's, with the analysts' judgements on facts applied; it runs
after every extraction (``kb.extract.extract_all``) and after every judgement on facts, so
the table always matches the reports. Status is never stored: it is derived when read.
"""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, update
from sqlmodel import Session, select

from kb import queries
from kb.judgements import fact_judgements
from kb.models import Commitment, Fact, Finding
from kb.store import utcnow

FACT, COMMITMENT, FINDING = Fact.__table__, Commitment.__table__, Finding.__table__


def _finding_label(f: dict) -> str:
    value = f"{f['value']}{f['unit'] or ''}" if f.get("value") is not None else "?"
    who = f.get("study") or f.get("system") or f.get("vendor")
    return f"{f.get('metric') or 'finding'} {value} {f.get('group') or ''}".strip() + (f" ({who})" if who else "")


def refresh_facts(session: Session) -> dict[str, int]:
    """Rebuild the fact table and every report's ``fact_id``; returns facts per kind."""
    judged = fact_judgements(session)
    commitments = queries.group_commitments(queries.commitments(session), judged)
    findings = queries.group_findings(queries.findings(session), judged)
    conn = session.connection()
    conn.execute(update(COMMITMENT).values(fact_id=None))
    conn.execute(update(FINDING).values(fact_id=None))
    conn.execute(delete(FACT))
    now = utcnow()
    rows = [{"id": i, "kind": "commitment", "primary_id": c["id"], "n_reports": c["n_reports"], "refreshed_at": now,
             "label": f"{c['actor'] or 'unknown actor'}: {c['action']}"} for i, c in enumerate(commitments, 1)]
    base = len(rows)
    rows += [{"id": base + i, "kind": "finding", "primary_id": f["id"], "n_reports": f["n_reports"],
              "refreshed_at": now, "label": _finding_label(f)} for i, f in enumerate(findings, 1)]
    if rows:
        conn.execute(insert(FACT), rows)
    links = [{"b_id": r["id"], "b_fact": i} for i, c in enumerate(commitments, 1) for r in c["reports"]]
    if links:
        conn.execute(update(COMMITMENT).where(COMMITMENT.c.id == bindparam("b_id"))
                     .values(fact_id=bindparam("b_fact")), links)
    links = [{"b_id": r["id"], "b_fact": base + i} for i, f in enumerate(findings, 1) for r in f["reports"]]
    if links:
        conn.execute(update(FINDING).where(FINDING.c.id == bindparam("b_id"))
                     .values(fact_id=bindparam("b_fact")), links)
    return {"commitments": len(commitments), "findings": len(findings)}


def unresolved_reports(session: Session) -> bool:
    """Some report has no fact yet (a knowledge base migrated from before the fact table)."""
    for model in (Commitment, Finding):
        if session.exec(select(model.id).where(model.fact_id.is_(None)).limit(1)).first() is not None:
            return True
    return False
