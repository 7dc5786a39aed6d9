"""audit trail, retired windows, revoked devices, center address

Revision ID: b2f6aa64917c
Revises: 5c98d94de323
Create Date: 2026-11-30 02:01:43.884711
"""

from alembic import op
import sqlalchemy as sa
import server.db


revision = 'b2f6aa64917c'
down_revision = '5c98d94de323'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', server.db.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_audit_entries_center_id_centers')),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_audit_entries_device_id_devices')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_entries_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_entries_center_at', ['center_id', 'at'], unique=False)

    with op.batch_alter_table('centers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=300), server_default='', nullable=False))

    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at', server.db.UTCDateTime(), nullable=True))

    with op.batch_alter_table('windows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', server.db.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('windows', schema=None) as batch_op:
        batch_op.drop_column('retired_at')

    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')

    with op.batch_alter_table('centers', schema=None) as batch_op:
        batch_op.drop_column('address')

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_center_at')
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))

    op.drop_table('audit_entries')
