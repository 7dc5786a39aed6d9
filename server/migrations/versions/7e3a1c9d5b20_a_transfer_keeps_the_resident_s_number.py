"""a transfer keeps the resident's number: a number is unique among tickets not transferred

Revision ID: 7e3a1c9d5b20
Revises: 585cc91cecf2
Create Date: 2026-11-30 03:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '7e3a1c9d5b20'
down_revision = "585cc91cecf2"
branch_labels = None
depends_on = None

NOT_TRANSFERRED = sa.text("state != 'transferred'")


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_constraint('uq_tickets_center_id_day_number', type_='unique')
    op.create_index('uq_tickets_center_id_day_number_live', 'tickets',
                    ['center_id', 'day', 'number'], unique=True,
                    sqlite_where=NOT_TRANSFERRED, postgresql_where=NOT_TRANSFERRED)


def downgrade() -> None:
    op.drop_index('uq_tickets_center_id_day_number_live', table_name='tickets')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_tickets_center_id_day_number',
                                          ['center_id', 'day', 'number'])
