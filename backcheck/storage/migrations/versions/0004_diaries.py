"""Pain diaries and their daily entries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the diary tables (numbers, yes/no and knowledge-base ids only)."""
    op.create_table(
        "diaries",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("pain_days_before", sa.Integer(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("check_level", sa.String(24), nullable=True),
        sa.Column("condition_id", sa.String(60), nullable=True),
        sa.CheckConstraint("pain_days_before >= 0", name="ck_diaries_pain_days_before"),
    )
    op.create_index("ix_diaries_expires_at", "diaries", ["expires_at"])
    op.create_table(
        "diary_entries",
        sa.Column(
            "diary_key_hash",
            sa.String(64),
            sa.ForeignKey("diaries.key_hash", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.Column("sleep_broken", sa.Boolean(), nullable=False),
        sa.Column("helped", sa.JSON(), nullable=False),
        sa.Column("warning_signs", sa.JSON(), nullable=False),
        sa.CheckConstraint("pain >= 0 AND pain <= 10", name="ck_diary_entries_pain"),
    )
    op.create_index("ix_diary_entries_expires_at", "diary_entries", ["expires_at"])


def downgrade() -> None:
    """Drop the diary tables."""
    op.drop_table("diary_entries")
    op.drop_table("diaries")
