"""indexes: the lookups listings, profiles and the briefing make at scale (issue 11)

- document.kind: the laws (bills, ordinances, regulations) are picked by their kind;
- commitment.target: an entity's facts include the orders that fall on it;
- commitment.product: and those about its products;
- finding.system, finding.vendor, finding.study: the findings about an entity, and the
  values ``frt findings --system/--study`` match, read from the index alone.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 07:20:00
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_document_kind", "document", ["kind"]),
    ("ix_commitment_target", "commitment", ["target"]),
    ("ix_commitment_product", "commitment", ["product"]),
    ("ix_finding_system", "finding", ["system"]),
    ("ix_finding_vendor", "finding", ["vendor"]),
    ("ix_finding_study", "finding", ["study"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE")  # the query planner's statistics, so it picks these indexes


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
