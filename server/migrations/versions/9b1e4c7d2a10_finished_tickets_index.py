"""the item's recent services without its whole history

Revision ID: 9b1e4c7d2a10
Revises: 585cc91cecf2
Create Date: 2026-11-30 03:10:00
"""

from alembic import op


revision = '9b1e4c7d2a10'
down_revision = '585cc91cecf2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_tickets_finished', 'tickets',
                    ['center_id', 'state', 'item_id', 'finished_at'])


def downgrade() -> None:
    op.drop_index('ix_tickets_finished', table_name='tickets')
