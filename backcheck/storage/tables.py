"""SQLAlchemy tables. Nothing here holds free text from a person, an IP address or a name."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "AssessmentCondition",
    "AssessmentFinding",
    "AssessmentRow",
    "Base",
    "InterviewRow",
]


class Base(DeclarativeBase):
    """Declarative base of every backcheck table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class InterviewRow(Base):
    """An interview in progress: patient details as bands, evidence ids, answers; expires."""

    __tablename__ = "interviews"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="active")
    channel: Mapped[str] = mapped_column(String(8), default="api")
    age_band: Mapped[str | None] = mapped_column(String(16))
    sex: Mapped[str | None] = mapped_column(String(8))
    pregnant: Mapped[bool | None] = mapped_column(Boolean)
    base_evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    answers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    emergency_acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    described: Mapped[bool] = mapped_column(Boolean, default=False)
    question_id: Mapped[str | None] = mapped_column(String(60))
    kb_version: Mapped[str] = mapped_column(String(16))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class AssessmentRow(Base):
    """A completed assessment, kept for statistics: no text, no identity, day resolution."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kb_version: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(8))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    age_band: Mapped[str | None] = mapped_column(String(16))
    sex: Mapped[str | None] = mapped_column(String(8))
    duration: Mapped[str | None] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))
    triage: Mapped[str] = mapped_column(String(24))
    questions: Mapped[int] = mapped_column(Integer, default=0)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)

    findings: Mapped[list[AssessmentFinding]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    conditions: Mapped[list[AssessmentCondition]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        order_by="AssessmentCondition.rank",
    )

    __table_args__ = (Index("ix_assessments_group", "is_demo", "age_band", "sex"),)


class AssessmentFinding(Base):
    """A finding reported present in a completed assessment (for co-occurrence statistics)."""

    __tablename__ = "assessment_findings"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    finding_id: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)

    assessment: Mapped[AssessmentRow] = relationship(back_populates="findings")


class AssessmentCondition(Base):
    """One of the top conditions of a completed assessment, with its probability."""

    __tablename__ = "assessment_conditions"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    condition_id: Mapped[str] = mapped_column(String(60), index=True)
    probability: Mapped[float] = mapped_column(Float)

    assessment: Mapped[AssessmentRow] = relationship(back_populates="conditions")
