"""facts: one row per promise, measure or finding; reports point to their fact

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 04:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('primary_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('n_reports', sa.Integer(), nullable=False),
    sa.Column('refreshed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('fact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fact_kind'), ['kind'], unique=False)
    for table in ('commitment', 'finding'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('fact_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_fact_id'), ['fact_id'], unique=False)


def downgrade() -> None:
    for table in ('commitment', 'finding'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_fact_id'))
            batch_op.drop_column('fact_id')
    with op.batch_alter_table('fact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fact_kind'))
    op.drop_table('fact')
