"""Document and version look-ups for `frt doc` (kb.store has no read API for versions)."""

from __future__ import annotations

from sqlmodel import Session, select

from kb.models import Document, DocumentVersion


def get_document(session: Session, doc_id: int) -> Document | None:
    return session.get(Document, doc_id)


def list_versions(session: Session, doc_id: int) -> list[DocumentVersion]:
    """All versions of a document, oldest first."""
    return list(session.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc_id)
                             .order_by(DocumentVersion.version_no)))
