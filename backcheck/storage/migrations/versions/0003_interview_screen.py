"""What an interview last showed: its screen and the progress on it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the screen and the progress shown to interviews."""
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("screen", sa.String(16), nullable=True))
        batch.add_column(sa.Column("progress", sa.Float(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("progress")
        batch.drop_column("screen")
