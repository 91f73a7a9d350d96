"""Reading and writing rows: interviews, completed assessments, statistics, rate counters."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from backcheck.errors import ConflictError, NotFoundError
from backcheck.storage.tables import (
    AssessmentCondition,
    AssessmentFinding,
    AssessmentRow,
    InterviewRow,
)

__all__ = [
    "AssessmentRecord",
    "GroupCounts",
    "Interview",
    "InterviewConflictError",
    "InterviewNotFoundError",
    "add_assessment",
    "count_assessments",
    "create_interview",
    "delete_expired",
    "get_interview",
    "group_counts",
    "insert_interview",
    "new_interview_id",
    "save_interview",
    "utcnow",
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


def utcnow() -> datetime:
    """The current time in UTC, without time zone (how the tables store it)."""
    return datetime.utcnow().replace(microsecond=0)  # stored as naive UTC


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


@dataclass(frozen=True)
class AssessmentRecord:
    """What is kept of a finished assessment."""

    kb_version: str
    channel: str
    is_demo: bool
    age_band: str | None
    sex: str | None
    duration: str | None
    scope: str
    triage: str
    questions: int
    evidence: Sequence[tuple[str, str]]
    present: Sequence[str]
    top: Sequence[tuple[str, float]]
    day: date | None = None


def add_assessment(session: Session, record: AssessmentRecord) -> int:
    """Store a completed assessment; return its id."""
    row = AssessmentRow(
        day=record.day or utcnow().date(),
        kb_version=record.kb_version,
        channel=record.channel,
        is_demo=record.is_demo,
        age_band=record.age_band,
        sex=record.sex,
        duration=record.duration,
        scope=record.scope,
        triage=record.triage,
        questions=record.questions,
        evidence=[list(pair) for pair in record.evidence],
    )
    row.findings = [AssessmentFinding(finding_id=f) for f in sorted(set(record.present))]
    row.conditions = [
        AssessmentCondition(rank=rank, condition_id=cid, probability=float(p))
        for rank, (cid, p) in enumerate(record.top, start=1)
    ]
    session.add(row)
    session.flush()
    return row.id


def count_assessments(session: Session, demo: bool | None = None) -> int:
    """How many completed assessments are stored (optionally only demo or only real ones)."""
    query = select(func.count(AssessmentRow.id))
    if demo is not None:
        query = query.where(AssessmentRow.is_demo.is_(demo))
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class GroupCounts:
    """Aggregates over one group of assessments (SQL counts, nothing per person)."""

    total: int
    findings: list[tuple[str, int]]
    conditions: list[tuple[str, int]]
    durations: list[tuple[str, int]]
    demo: int


def _filters(age_band: str | None, sex: str | None, include_demo: bool) -> list[Any]:
    out: list[Any] = []
    if age_band is not None:
        out.append(AssessmentRow.age_band == age_band)
    if sex is not None:
        out.append(AssessmentRow.sex == sex)
    if not include_demo:
        out.append(AssessmentRow.is_demo.is_(False))
    return out


def group_counts(
    session: Session,
    *,
    age_band: str | None = None,
    sex: str | None = None,
    include_demo: bool = True,
    finding_ids: Sequence[str] | None = None,
    limit: int = 10,
) -> GroupCounts:
    """Counts of assessments, co-occurring findings, top conditions and durations in a group."""
    where = _filters(age_band, sex, include_demo)
    total = int(session.scalar(select(func.count(AssessmentRow.id)).where(*where)) or 0)
    demo = int(
        session.scalar(
            select(func.count(AssessmentRow.id)).where(*where, AssessmentRow.is_demo.is_(True))
        )
        or 0
    )
    count = func.count(AssessmentFinding.assessment_id)
    fq = (
        select(AssessmentFinding.finding_id, count)
        .join(AssessmentRow, AssessmentRow.id == AssessmentFinding.assessment_id)
        .where(*where)
        .group_by(AssessmentFinding.finding_id)
        .order_by(count.desc(), AssessmentFinding.finding_id)
        .limit(limit)
    )
    if finding_ids is not None:
        fq = fq.where(AssessmentFinding.finding_id.in_(list(finding_ids)))
    ccount = func.count(AssessmentCondition.assessment_id)
    cq = (
        select(AssessmentCondition.condition_id, ccount)
        .join(AssessmentRow, AssessmentRow.id == AssessmentCondition.assessment_id)
        .where(*where, AssessmentCondition.rank == 1)
        .group_by(AssessmentCondition.condition_id)
        .order_by(ccount.desc(), AssessmentCondition.condition_id)
        .limit(limit)
    )
    dcount = func.count(AssessmentRow.id)
    dq = (
        select(AssessmentRow.duration, dcount)
        .where(*where, AssessmentRow.duration.is_not(None))
        .group_by(AssessmentRow.duration)
    )
    return GroupCounts(
        total=total,
        findings=[(str(f), int(n)) for f, n in session.execute(fq)],
        conditions=[(str(c), int(n)) for c, n in session.execute(cq)],
        durations=[(str(d), int(n)) for d, n in session.execute(dq)],
        demo=demo,
    )
