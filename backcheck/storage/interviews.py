"""Reading and writing interviews in progress: one query to read, one versioned update."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from backcheck.errors import ConflictError, NotFoundError
from backcheck.storage.tables import InterviewRow
from backcheck.storage.times import utcnow

__all__ = [
    "Interview",
    "InterviewConflictError",
    "InterviewNotFoundError",
    "create_interview",
    "delete_expired",
    "get_interview",
    "insert_interview",
    "new_interview_id",
    "save_interview",
]


class InterviewNotFoundError(NotFoundError):
    """No interview has this id, or it has expired."""

    default_code = "interview_not_found"

    def __init__(self, interview_id: str = "") -> None:
        super().__init__("There is no interview with this id, or it has expired.")
        self.interview_id = interview_id


class InterviewConflictError(ConflictError):
    """The interview changed between reading and writing it (a concurrent request)."""

    def __init__(self, interview_id: str = "") -> None:
        super().__init__(
            "This interview was changed by another request at the same time; reload it."
        )
        self.interview_id = interview_id


def new_interview_id() -> str:
    """An unguessable interview id (256 bits, URL-safe).

    >>> len(new_interview_id())
    43
    """
    return secrets.token_urlsafe(32)


@dataclass(slots=True)
class Interview:
    """An interview row as plain data: read with one query, written back with one update."""

    id: str
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    version: int
    status: str
    channel: str
    age_band: str | None
    sex: str | None
    pregnant: bool | None
    base_evidence: list[Any]
    answers: list[Any]
    emergency_acknowledged: bool
    described: bool
    kb_version: str
    assessment_id: int | None
    question_id: str | None
    screen: str | None = None
    progress: float = 0.0


_COLUMNS = [c.name for c in InterviewRow.__table__.columns]
_TABLE = cast(Table, InterviewRow.__table__)
_CHANGING = [c for c in _COLUMNS if c not in ("id", "created_at")]
# Built once: an interview is read and written at every answer, and building a statement costs
# more than running it.
_SELECT = select(_TABLE).where(_TABLE.c.id == bindparam("key"))
_INSERT = insert(_TABLE).values({c: bindparam(c) for c in _COLUMNS})
_UPDATE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("key"), _TABLE.c.version == bindparam("seen"))
    .values({c: bindparam(c) for c in _CHANGING})
)


def create_interview(
    *,
    ttl_hours: int,
    channel: str,
    age_band: str | None,
    sex: str | None,
    pregnant: bool | None,
    base_evidence: list[list[str]],
    kb_version: str,
) -> Interview:
    """A new interview in memory (`insert_interview` stores it)."""
    now = utcnow()
    interview = Interview(
        id=new_interview_id(),
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(hours=ttl_hours),
        version=1,
        status="active",
        channel=channel,
        age_band=age_band,
        sex=sex,
        pregnant=pregnant,
        base_evidence=base_evidence,
        answers=[],
        emergency_acknowledged=False,
        described=False,
        kb_version=kb_version,
        assessment_id=None,
        question_id=None,
    )
    return interview


def insert_interview(session: Session, interview: Interview) -> None:
    """Store a new interview."""
    session.connection().execute(_INSERT, {c: getattr(interview, c) for c in _COLUMNS})


def get_interview(session: Session, interview_id: str) -> Interview:
    """The interview with this id, or InterviewNotFoundError if unknown or expired."""
    if not interview_id or len(interview_id) > 64:
        raise InterviewNotFoundError(interview_id)
    row = session.connection().execute(_SELECT, {"key": interview_id}).mappings().first()
    if row is None or row["expires_at"] < utcnow():
        raise InterviewNotFoundError(interview_id)
    return Interview(**{c: row[c] for c in _COLUMNS})


def save_interview(session: Session, interview: Interview) -> None:
    """Write an interview back; InterviewConflictError if someone else changed it meanwhile."""
    values = {c: getattr(interview, c) for c in _CHANGING}
    values.update(version=interview.version + 1, key=interview.id, seen=interview.version)
    result = session.connection().execute(_UPDATE, values)
    if getattr(result, "rowcount", 0) != 1:
        raise InterviewConflictError(interview.id)
    interview.version += 1


def delete_expired(session: Session) -> int:
    """Delete interviews past their expiry; return how many."""
    result = session.execute(delete(InterviewRow).where(InterviewRow.expires_at < utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)
