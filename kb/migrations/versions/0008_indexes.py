"""indexes: the lookups the read side makes at scale (issue 11, benchmarks/bench_kb_scale.py)

- commitment.actor: ``frt commitments --actor`` and an entity's facts select by actor;
- commitment.extends_id: the follow-ups (extensions, reversals) that set a status;
- mention (entity_id, document_id) and (document_id, entity_id): an entity's documents and
  the entities mentioned with it are read from the index alone, without the mention rows.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 14:20:00
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_commitment_actor", "commitment", ["actor"]),
    ("ix_commitment_extends_id", "commitment", ["extends_id"]),
    ("ix_mention_entity_document", "mention", ["entity_id", "document_id"]),
    ("ix_mention_document_entity", "mention", ["document_id", "entity_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE")  # the query planner's statistics, so it picks these indexes


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
