"""Print jobs, and a kiosk's network printer (devices.printer)

Revision ID: fd812b5fcf9f
Revises: 25b24e036ef4
Create Date: 2026-11-27 09:31:40.194710
"""

from alembic import op
import sqlalchemy as sa
import server.db


revision = 'fd812b5fcf9f'
down_revision = '25b24e036ef4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('print_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('kiosk_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(), nullable=False),
    sa.Column('printed_at', server.db.UTCDateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('base_url', sa.String(length=300), nullable=False),
    sa.Column('claimed_until', server.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_print_jobs_center_id_centers')),
    sa.ForeignKeyConstraint(['kiosk_id'], ['devices.id'], name=op.f('fk_print_jobs_kiosk_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_jobs'))
    )
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_print_jobs_kiosk_state', ['kiosk_id', 'state', 'id'], unique=False)

    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('printer', sa.String(length=200), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('printer')

    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_print_jobs_kiosk_state')

    op.drop_table('print_jobs')
