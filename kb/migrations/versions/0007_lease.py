"""lease: one holder at a time of a named claim (two watches of one source never overlap)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 14:10:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

STR = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('lease',
    sa.Column('name', STR(), nullable=False),
    sa.Column('token', STR(), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('host', STR(), nullable=False),
    sa.Column('acquired_at', WHEN(), nullable=False),
    sa.Column('expires_at', WHEN(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('lease')
