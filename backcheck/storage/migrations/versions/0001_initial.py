"""Interviews and completed assessments.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the first tables."""
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kb_version", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("age_band", sa.String(16), nullable=True),
        sa.Column("sex", sa.String(8), nullable=True),
        sa.Column("duration", sa.String(16), nullable=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("triage", sa.String(24), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
    )
    op.create_index("ix_assessments_day", "assessments", ["day"])
    op.create_index("ix_assessments_is_demo", "assessments", ["is_demo"])
    op.create_index("ix_assessments_group", "assessments", ["is_demo", "age_band", "sex"])
    op.create_table(
        "assessment_findings",
        sa.Column(
            "assessment_id",
            sa.Integer(),
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("finding_id", sa.String(60), primary_key=True),
    )
    op.create_index("ix_assessment_findings_finding_id", "assessment_findings", ["finding_id"])
    op.create_table(
        "assessment_conditions",
        sa.Column(
            "assessment_id",
            sa.Integer(),
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rank", sa.Integer(), primary_key=True),
        sa.Column("condition_id", sa.String(60), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
    )
    op.create_index(
        "ix_assessment_conditions_condition_id", "assessment_conditions", ["condition_id"]
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.String(43), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("age_band", sa.String(16), nullable=True),
        sa.Column("sex", sa.String(8), nullable=True),
        sa.Column("pregnant", sa.Boolean(), nullable=True),
        sa.Column("base_evidence", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("emergency_acknowledged", sa.Boolean(), nullable=False),
        sa.Column("described", sa.Boolean(), nullable=False),
        sa.Column("question_id", sa.String(60), nullable=True),
        sa.Column("kb_version", sa.String(16), nullable=False),
        sa.Column(
            "assessment_id",
            sa.Integer(),
            sa.ForeignKey("assessments.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    op.create_index("ix_interviews_expires_at", "interviews", ["expires_at"])


def downgrade() -> None:
    """Drop the first tables."""
    op.drop_table("interviews")
    op.drop_table("assessment_conditions")
    op.drop_table("assessment_findings")
    op.drop_table("assessments")
