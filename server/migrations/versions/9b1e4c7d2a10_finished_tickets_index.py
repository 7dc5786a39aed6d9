"""hot paths independent of history: the item's recent services, the booking sweep, caps
and purge

Revision ID: 9b1e4c7d2a10
Revises: 7e3a1c9d5b20
Create Date: 2026-11-30 03:10:00
"""

import sqlalchemy as sa
from alembic import op


revision = '9b1e4c7d2a10'
down_revision = "7e3a1c9d5b20"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_tickets_finished', 'tickets',
                    ['center_id', 'state', 'item_id', 'finished_at'])
    op.create_index('ix_reservations_state_slot', 'reservations', ['state', 'slot_start'])
    op.create_index('ix_reservations_phone', 'reservations',
                    ['center_id', 'phone', 'slot_start'])
    op.create_index('ix_reservations_personal', 'reservations', ['slot_start'],
                    sqlite_where=sa.text("reservations.phone != ''"),
                    postgresql_where=sa.text("reservations.phone != ''"))


def downgrade() -> None:
    op.drop_index('ix_reservations_personal', table_name='reservations')
    op.drop_index('ix_reservations_phone', table_name='reservations')
    op.drop_index('ix_reservations_state_slot', table_name='reservations')
    op.drop_index('ix_tickets_finished', table_name='tickets')
