"""watch: source health, watched facts and actors, watch events; child sitemap lastmod

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('sourcehealth',
    sa.Column('source_id', STR(), nullable=False),
    sa.Column('first_run_at', WHEN(), nullable=True),
    sa.Column('last_run_at', WHEN(), nullable=False),
    sa.Column('last_status', STR(), nullable=False),
    sa.Column('last_error', STR(), nullable=True),
    sa.Column('failing_since', WHEN(), nullable=True),
    sa.Column('last_ok_at', WHEN(), nullable=True),
    sa.Column('last_items_at', WHEN(), nullable=True),
    sa.Column('last_new_at', WHEN(), nullable=True),
    sa.PrimaryKeyConstraint('source_id')
    )
    op.create_table('watchitem',
    sa.Column('id', STR(), nullable=False),
    sa.Column('kind', STR(), nullable=False),
    sa.Column('label', STR(), nullable=False),
    sa.Column('status', STR(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('keys', sa.JSON(), nullable=True),
    sa.Column('first_seen', WHEN(), nullable=False),
    sa.Column('updated_at', WHEN(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_watchitem_kind', 'watchitem', ['kind'], unique=False)
    op.create_table('watchevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', STR(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('kind', STR(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('source_id', STR(), nullable=True),
    sa.Column('title', STR(), nullable=False),
    sa.Column('url', STR(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.Column('observed_at', WHEN(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_watchevent_uid', 'watchevent', ['uid'], unique=True)
    op.create_index('ix_watchevent_run_id', 'watchevent', ['run_id'], unique=False)
    op.create_index('ix_watchevent_kind', 'watchevent', ['kind'], unique=False)
    op.create_index('ix_watchevent_source_id', 'watchevent', ['source_id'], unique=False)
    op.create_index('ix_watchevent_observed_at', 'watchevent', ['observed_at'], unique=False)
    with op.batch_alter_table('pagecache', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed_lastmod', STR(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('pagecache', schema=None) as batch_op:
        batch_op.drop_column('listed_lastmod')
    op.drop_table('watchevent')
    op.drop_table('watchitem')
    op.drop_table('sourcehealth')
