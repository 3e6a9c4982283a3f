"""text stages: each document version keeps the dated stages its text states

``documentversion.text_stages`` holds what kb.laws.text_stages finds in the text ("takes
effect January 1, 2020", "expires ...", "repealed ..."), written with the text, so that a
law's stages are no longer parsed from the whole text on every read (issue 11: an entity
profile or a briefing read thousands of bills). Existing versions of legislative documents
are filled here; any other version stays NULL and is parsed on read if ever needed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:00:00
"""
import json

import sqlalchemy as sa
from alembic import op

from kb.laws import LEGISLATIVE_KINDS, text_stages

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table('documentversion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_stages', sa.JSON(), nullable=True))
    conn = op.get_bind()
    kinds = ", ".join(f"'{k}'" for k in LEGISLATIVE_KINDS)
    rows = conn.execute(sa.text(
        "SELECT v.id, v.text FROM documentversion v JOIN document d ON d.id = v.document_id "
        "JOIN source s ON s.id = d.source_id "
        f"WHERE d.kind IN ({kinds}) OR s.kind IN ('legislature', 'regulator')")).fetchall()
    update = sa.text("UPDATE documentversion SET text_stages = :stages WHERE id = :id")
    for i in range(0, len(rows), BATCH):
        conn.execute(update, [{"id": vid, "stages": json.dumps(text_stages(text))}
                              for vid, text in rows[i:i + BATCH]])


def downgrade() -> None:
    with op.batch_alter_table('documentversion', schema=None) as batch_op:
        batch_op.drop_column('text_stages')
