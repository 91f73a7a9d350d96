"""A finished check as a document for a doctor: the data behind the PDF report and FHIR record.

`CheckSummary` holds what the results page and its print view show (the same `Report`), plus
what a clinic needs on paper or in its system: the date, every answer, the warning signs that
were asked about and are absent, and each likely condition's ICD-10-CM codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backcheck.engine import EvidenceItem
from backcheck.errors import ConflictError
from backcheck.knowledge import KnowledgeBase, finding_phrase, rule_findings
from backcheck.service.answers import AnsweredQuestion, answered
from backcheck.service.interviews import InterviewService, InterviewView, age_band_of
from backcheck.service.report import ConditionReport, Report, build_report
from backcheck.service.runtime import Services

__all__ = [
    "SEX_WORDS",
    "CheckSummary",
    "ConditionLine",
    "build_summary",
    "finished_summary",
    "percent",
    "warning_signs",
]

#: How the person's sex is written in documents.
SEX_WORDS = {"female": "Female", "male": "Male"}
#: Groups whose answers are the patient's details rather than findings.
PATIENT_GROUPS = ("age_band", "sex")
NOT_FINISHED = (
    "This check is not finished yet, so there is no report or record to download. Answer the "
    "remaining questions (or choose to see the results now) first."
)


def percent(p: float) -> str:
    """A probability as a whole percentage, never a bare 0% or 100%.

    >>> percent(0.623), percent(0.004), percent(0.9996)
    ('62%', 'less than 1%', 'more than 99%')
    """
    if p < 0.005:
        return "less than 1%"
    if p > 0.995:
        return "more than 99%"
    return f"{round(p * 100)}%"


@dataclass(frozen=True)
class ConditionLine:
    """A likely condition in a document: the report's view of it and its ICD-10-CM codes."""

    condition: ConditionReport
    icd10: tuple[str, ...]

    @property
    def percent(self) -> str:
        """The probability as a percentage."""
        return percent(self.condition.probability)


@dataclass(frozen=True)
class CheckSummary:
    """Everything the PDF report and the FHIR record say about one finished check."""

    interview_id: str
    checked_at: datetime
    made_at: datetime
    kb_version: str
    age_band: str | None
    age_words: str
    sex: str | None
    sex_words: str
    report: Report
    conditions: tuple[ConditionLine, ...]
    answers: tuple[AnsweredQuestion, ...]
    understood: tuple[str, ...]
    warning_signs_absent: tuple[str, ...]
    evidence: tuple[EvidenceItem, ...]


def warning_signs(kb: KnowledgeBase) -> frozenset[str]:
    """The warning signs a check asks about: findings a red-flag rule looks for.

    Options of a choose-one question (how long, how it started) are left out: one of them is
    always absent because another was chosen, which says nothing about a warning sign.
    """
    looked_for = {f for rule in kb.rules for f in rule_findings(rule.when, negated=False)}
    return frozenset(
        f for f in looked_for if (group := kb.group_of(f)) is None or group.select == "many"
    )


def _findings(kb: KnowledgeBase, view: InterviewView) -> tuple[EvidenceItem, ...]:
    """Known evidence about the pain (age band and sex are the patient's details)."""
    details = {f for g in PATIENT_GROUPS if g in kb.groups for f in kb.groups[g].options}
    return tuple(
        item
        for item in view.evidence
        if item.state != "unknown" and item.id in kb.findings and item.id not in details
    )


def build_summary(services: Services, view: InterviewView, made_at: datetime) -> CheckSummary:
    """The document data of a finished interview (ConflictError while it is unfinished)."""
    if view.status != "done" or view.screen != "results":
        raise ConflictError(NOT_FINISHED, "interview_not_finished")
    kb = services.kb
    report = build_report(services.engine, view.assessment, view.patient)
    band = age_band_of(view.patient.age)
    evidence = _findings(kb, view)
    absent = tuple(
        finding_phrase(kb.findings[item.id], "absent")
        for item in evidence
        if item.state == "absent" and item.id in warning_signs(kb)
    )
    return CheckSummary(
        interview_id=view.id,
        checked_at=view.checked_at or made_at,
        made_at=made_at,
        kb_version=view.assessment.kb_version,
        age_band=band,
        age_words=kb.findings[band].name if band is not None else "not given",
        sex=view.patient.sex,
        sex_words=SEX_WORDS.get(view.patient.sex or "", "not given"),
        report=report,
        conditions=tuple(
            ConditionLine(c, tuple(kb.conditions[c.id].icd10)) for c in report.conditions
        ),
        answers=tuple(answered(services.engine, view.answers)),
        understood=tuple(finding_phrase(kb.findings[i.id], i.state) for i in view.understood),
        warning_signs_absent=absent,
        evidence=evidence,
    )


def finished_summary(services: Services, interview_id: str) -> CheckSummary:
    """Load an interview and summarise it (NotFoundError if unknown or expired)."""
    view = InterviewService(services).get(interview_id)
    return build_summary(services, view, services.clock())
