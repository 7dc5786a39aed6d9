"""Ratings of services: the satisfaction pad beside each window

Revision ID: 25b24e036ef4
Revises: fc252056f01e
Create Date: 2026-11-27 09:30:21.716934
"""

from alembic import op
import sqlalchemy as sa
import server.db


revision = '25b24e036ef4'
down_revision = 'fc252056f01e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('at', server.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_ratings_score_range')),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_ratings_center_id_centers')),
    sa.ForeignKeyConstraint(['staff_user_id'], ['users.id'], name=op.f('fk_ratings_staff_user_id_users')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ratings_ticket_id_tickets')),
    sa.ForeignKeyConstraint(['window_id'], ['windows.id'], name=op.f('fk_ratings_window_id_windows')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_ratings_ticket_id'))
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index('ix_ratings_center_at', ['center_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ratings_staff_user_id'), ['staff_user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratings_staff_user_id'))
        batch_op.drop_index('ix_ratings_center_at')

    op.drop_table('ratings')
