"""report indexes on the event log

Revision ID: f58cc61c8ea7
Revises: fc252056f01e
Create Date: 2026-11-27 09:41:16
"""

from alembic import op


revision = 'f58cc61c8ea7'
down_revision = 'fc252056f01e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_events_report', 'events',
                    ['center_id', 'type', 'at', 'ticket_id', 'item_id', 'window_id', 'user_id'])
    op.create_index('ix_events_ticket_type_at', 'events', ['ticket_id', 'type', 'at'])


def downgrade() -> None:
    op.drop_index('ix_events_ticket_type_at', table_name='events')
    op.drop_index('ix_events_report', table_name='events')
