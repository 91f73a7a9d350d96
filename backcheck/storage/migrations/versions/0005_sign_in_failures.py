"""Failed sign-ins under names that have no account, counted where every worker sees them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table of failed sign-ins by keyed hash of the name tried."""
    op.create_table(
        "sign_in_failures",
        sa.Column("name_hash", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_sign_in_failures_updated_at", "sign_in_failures", ["updated_at"])


def downgrade() -> None:
    """Drop it again."""
    op.drop_index("ix_sign_in_failures_updated_at", "sign_in_failures")
    op.drop_table("sign_in_failures")
