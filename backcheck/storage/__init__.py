"""Persistence: SQLAlchemy tables, repositories and Alembic migrations (SQLite or PostgreSQL)."""

from backcheck.storage.db import Database, StorageError
from backcheck.storage.repositories import (
    AssessmentRecord,
    GroupCounts,
    InterviewNotFoundError,
    add_assessment,
    count_assessments,
    create_interview,
    delete_expired,
    get_interview,
    group_counts,
    new_interview_id,
    utcnow,
)
from backcheck.storage.tables import InterviewRow

__all__ = [
    "AssessmentRecord",
    "Database",
    "GroupCounts",
    "InterviewNotFoundError",
    "InterviewRow",
    "StorageError",
    "add_assessment",
    "count_assessments",
    "create_interview",
    "delete_expired",
    "get_interview",
    "group_counts",
    "new_interview_id",
    "utcnow",
]
