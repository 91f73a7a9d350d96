"""Keeping completed assessments: evidence ids, triage, top conditions, bands; never text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from backcheck.engine import Assessment
from backcheck.service.runtime import Services
from backcheck.storage import AssessmentRecord, add_assessment

__all__ = ["DURATION_BUCKETS", "Finished", "duration_bucket", "record_assessment", "store_finished"]

#: Duration findings -> the statistics' buckets (Buoy's "had symptoms for").
DURATION_BUCKETS = {
    "duration_under_1_day": "lt_1_day",
    "duration_1_to_7_days": "lt_1_week",
    "duration_1_to_4_weeks": "1_4_weeks",
    "duration_4_to_6_weeks": "over_1_month",
    "duration_over_6_weeks": "over_1_month",
}


def duration_bucket(assessment: Assessment) -> str | None:
    """The duration bucket the evidence states, if any.

    >>> from backcheck.engine import Assessment, EvidenceItem, Triage
    >>> t = Triage("self_care", "", "", "", (), False)
    >>> ev = (EvidenceItem("duration_1_to_7_days", "", "present"),)
    >>> duration_bucket(Assessment("upper_back", t, (), ev, "v"))
    'lt_1_week'
    """
    for item in assessment.evidence:
        if item.state == "present" and item.id in DURATION_BUCKETS:
            return DURATION_BUCKETS[item.id]
    return None


def record_assessment(
    session: Session,
    assessment: Assessment,
    *,
    age_band: str | None,
    sex: str | None,
    questions: int,
    channel: str,
    is_demo: bool = False,
    day: date | None = None,
) -> int:
    """Store what statistics need from a finished assessment; return its id."""
    known = [(e.id, e.state) for e in assessment.evidence if e.state != "unknown"]
    return add_assessment(
        session,
        AssessmentRecord(
            kb_version=assessment.kb_version,
            channel=channel,
            is_demo=is_demo,
            age_band=age_band,
            sex=sex,
            duration=duration_bucket(assessment),
            scope=assessment.scope,
            triage=assessment.triage.level,
            questions=questions,
            evidence=known,
            present=[fid for fid, state in known if state == "present"],
            top=[(c.id, c.probability) for c in assessment.conditions[:5]],
            day=day,
        ),
    )


@dataclass(frozen=True)
class Finished:
    """An assessment finished outside an interview row (demo data, imports)."""

    assessment: Assessment
    age_band: str | None
    sex: str | None
    questions: int
    channel: str
    is_demo: bool


def store_finished(services: Services, items: Iterable[Finished]) -> int:
    """Store finished assessments in one transaction; return how many."""
    count = 0
    with services.db.session() as session:
        for item in items:
            record_assessment(
                session,
                item.assessment,
                age_band=item.age_band,
                sex=item.sex,
                questions=item.questions,
                channel=item.channel,
                is_demo=item.is_demo,
            )
            count += 1
    return count
