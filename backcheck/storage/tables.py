"""SQLAlchemy tables. No IP address or patient's name is stored anywhere.

The only free text kept is a story a person chose to share, after personal details were removed
(`stories`), and what editors write when they moderate it. Pain diaries hold numbers, yes/no
answers and knowledge-base ids only, under the hash of their secret key.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from backcheck.storage.times import UtcDateTime

__all__ = [
    "AssessmentCondition",
    "AssessmentFinding",
    "AssessmentRow",
    "AuditRow",
    "Base",
    "DiaryEntryRow",
    "DiaryRow",
    "EditorRow",
    "EditorSessionRow",
    "InterviewRow",
    "SignInFailureRow",
    "StoryRow",
]


class Base(DeclarativeBase):
    """Declarative base of every backcheck table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class InterviewRow(Base):
    """An interview in progress: patient details as bands, evidence ids, answers; expires."""

    __tablename__ = "interviews"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
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
    screen: Mapped[str | None] = mapped_column(String(16))
    progress: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
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


class EditorRow(Base):
    """An editor account (created from the terminal): argon2 hash, failed-login counter, lock."""

    __tablename__ = "editors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class EditorSessionRow(Base):
    """A signed-in editor: only the SHA-256 of the random token is kept; expires."""

    __tablename__ = "editor_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("editors.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class StoryRow(Base):
    """A shared story: the scrubbed submission (never changed) and what was published.

    `submitted_*` hold the text as submitted after personal details were removed; `published_*`
    hold what the public sees once an editor approved it (the same text, or the editor's edit).
    `rejection_reason` is internal: it is never shown publicly.
    """

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    submitted_text: Mapped[str] = mapped_column(Text)
    submitted_helped: Mapped[str | None] = mapped_column(Text)
    published_text: Mapped[str | None] = mapped_column(Text)
    published_helped: Mapped[str | None] = mapped_column(Text)
    condition_id: Mapped[str | None] = mapped_column(String(60), index=True)
    age_band: Mapped[str | None] = mapped_column(String(16))
    duration: Mapped[str | None] = mapped_column(String(16))
    removed: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("editors.id"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_stories_published", "status", "condition_id", "reviewed_at"),)


class AuditRow(Base):
    """One entry of the editors' audit log: who did what to which story, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("editors.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    reason: Mapped[str | None] = mapped_column(Text)


class DiaryRow(Base):
    """A pain diary: only the SHA-256 of its secret key is kept; no text, no identity; expires.

    What it copies from the check it was started from (which is deleted within a day): the
    triage level, the likeliest condition's id, the day of the check and how many days the pain
    had lasted by then at least.
    """

    __tablename__ = "diaries"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    started_on: Mapped[date] = mapped_column(Date)
    pain_days_before: Mapped[int] = mapped_column(Integer, default=0)
    checked_on: Mapped[date | None] = mapped_column(Date)
    check_level: Mapped[str | None] = mapped_column(String(24))
    condition_id: Mapped[str | None] = mapped_column(String(60))

    __table_args__ = (CheckConstraint("pain_days_before >= 0", name="ck_diaries_pain_days_before"),)


class DiaryEntryRow(Base):
    """One day of a diary: pain 0-10, where (ids), broken sleep, what helped and warning signs."""

    __tablename__ = "diary_entries"

    diary_key_hash: Mapped[str] = mapped_column(
        ForeignKey("diaries.key_hash", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    pain: Mapped[int] = mapped_column(Integer)
    locations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sleep_broken: Mapped[bool] = mapped_column(Boolean)
    helped: Mapped[list[Any]] = mapped_column(JSON, default=list)
    warning_signs: Mapped[list[Any]] = mapped_column(JSON, default=list)

    __table_args__ = (CheckConstraint("pain >= 0 AND pain <= 10", name="ck_diary_entries_pain"),)


class SignInFailureRow(Base):
    """Failed sign-ins under a name with no account, by keyed hash of the name (never the name).

    Counted in the database so that every worker and every machine agrees on when such a name
    locks, exactly as a real account's counter in `editors` does.
    """

    __tablename__ = "sign_in_failures"

    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
