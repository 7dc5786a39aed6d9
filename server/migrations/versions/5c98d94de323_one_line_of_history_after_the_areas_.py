"""one line of history after the areas' schema changes

Revision ID: 5c98d94de323
Revises: bc0fd77628ba, ddcf6988bafb, f58cc61c8ea7, fd812b5fcf9f
Create Date: 2026-11-27 10:42:23.894122
"""

from alembic import op
import sqlalchemy as sa
import server.db


revision = '5c98d94de323'
down_revision = ('bc0fd77628ba', 'ddcf6988bafb', 'f58cc61c8ea7', 'fd812b5fcf9f')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
