"""Completed assessments kept for statistics, and the counts the statistics pages show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backcheck.storage.tables import AssessmentCondition, AssessmentFinding, AssessmentRow
from backcheck.storage.times import utcnow

__all__ = [
    "AssessmentRecord",
    "GroupCounts",
    "add_assessment",
    "count_assessments",
    "group_counts",
]


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
