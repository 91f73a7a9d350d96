"""Stories, editors, editor sessions and the audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of shared stories and their editorial review."""
    op.create_table(
        "editors",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(40), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_editors_username", "editors", ["username"], unique=True)
    op.create_table(
        "editor_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "editor_id",
            sa.Integer(),
            sa.ForeignKey("editors.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_editor_sessions_editor_id", "editor_sessions", ["editor_id"])
    op.create_index("ix_editor_sessions_expires_at", "editor_sessions", ["expires_at"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_text", sa.Text(), nullable=False),
        sa.Column("submitted_helped", sa.Text(), nullable=True),
        sa.Column("published_text", sa.Text(), nullable=True),
        sa.Column("published_helped", sa.Text(), nullable=True),
        sa.Column("condition_id", sa.String(60), nullable=True),
        sa.Column("age_band", sa.String(16), nullable=True),
        sa.Column("duration", sa.String(16), nullable=True),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), sa.ForeignKey("editors.id"), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_stories_status", "stories", ["status"])
    op.create_index("ix_stories_condition_id", "stories", ["condition_id"])
    op.create_index("ix_stories_published", "stories", ["status", "condition_id", "reviewed_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("editor_id", sa.Integer(), sa.ForeignKey("editors.id"), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_editor_id", "audit_log", ["editor_id"])
    op.create_index("ix_audit_log_story_id", "audit_log", ["story_id"])


def downgrade() -> None:
    """Drop the story tables."""
    op.drop_table("audit_log")
    op.drop_table("stories")
    op.drop_table("editor_sessions")
    op.drop_table("editors")
