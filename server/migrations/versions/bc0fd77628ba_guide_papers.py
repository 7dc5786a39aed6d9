"""Guide papers: the resident's answers to a funnel guide, behind an unguessable token

Revision ID: bc0fd77628ba
Revises: fc252056f01e
Create Date: 2026-11-27 10:30:00.000000
"""

from alembic import op
import sqlalchemy as sa
import server.db


revision = 'bc0fd77628ba'
down_revision = 'fc252056f01e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('guide_papers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('kiosk_id', sa.Integer(), nullable=True),
    sa.Column('guide_id', sa.String(length=60), nullable=False),
    sa.Column('scenario', sa.String(length=100), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('ticket_ids', sa.JSON(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_guide_papers_center_id_centers')),
    sa.ForeignKeyConstraint(['kiosk_id'], ['devices.id'], name=op.f('fk_guide_papers_kiosk_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guide_papers')),
    sa.UniqueConstraint('center_id', 'idempotency_key', name=op.f('uq_guide_papers_center_id_idempotency_key')),
    sa.UniqueConstraint('token', name=op.f('uq_guide_papers_token'))
    )


def downgrade() -> None:
    op.drop_table('guide_papers')
