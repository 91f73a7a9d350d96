"""Turn engine and service results into response models."""

from __future__ import annotations

from backcheck.api.schemas import (
    ConditionOut,
    EvidenceOut,
    InterviewOut,
    OptionOut,
    QuestionOut,
    ReasonOut,
    TriageOut,
)
from backcheck.engine import ConditionResult, EvidenceItem, Question, Triage
from backcheck.knowledge import Settings
from backcheck.service.interviews import InterviewView

__all__ = ["condition_out", "evidence_out", "interview_out", "question_out", "triage_out"]


def question_out(question: Question | None) -> QuestionOut | None:
    """A question as JSON."""
    if question is None:
        return None
    return QuestionOut(
        id=question.id,
        kind=question.kind,
        select=question.select,
        text=question.text,
        help=question.help,
        options=[OptionOut(id=o.id, label=o.label) for o in question.options],
        none_label=question.none_label,
        stage=question.stage,
        why=question.why,
    )


def triage_out(triage: Triage) -> TriageOut:
    """Triage as JSON."""
    return TriageOut(
        level=triage.level,
        label=triage.label,
        headline=triage.headline,
        advice=triage.advice,
        reasons=[
            ReasonOut(kind=r.kind, id=r.id, level=r.level, text=r.text) for r in triage.reasons
        ],
        red_flag=triage.red_flag,
    )


def condition_out(result: ConditionResult) -> ConditionOut:
    """A ranked condition as JSON."""
    return ConditionOut(
        id=result.id,
        name=result.name,
        clinical_name=result.clinical_name,
        icd10=list(result.icd10),
        probability=round(result.probability, 6),
        urgency=result.urgency,
        rarity=result.rarity,
    )


def evidence_out(item: EvidenceItem) -> EvidenceOut:
    """An evidence item as JSON."""
    return EvidenceOut(
        id=item.id, name=item.name, state=item.state, source=item.source, text=item.text
    )


def interview_out(view: InterviewView, settings: Settings, top: int = 10) -> InterviewOut:
    """An interview as JSON, with the disclaimer and the emergency signs."""
    assessment = view.assessment
    return InterviewOut(
        id=view.id,
        status=view.status,
        step=view.step,
        question=question_out(view.question),
        scope=assessment.scope,
        triage=triage_out(assessment.triage),
        emergency=view.emergency,
        conditions=[condition_out(c) for c in assessment.conditions[:top]],
        evidence=[evidence_out(e) for e in assessment.evidence if e.source != "patient"],
        progress=round(view.progress, 3),
        expires_at=view.expires_at,
        warnings=list(view.warnings),
        disclaimer=settings.disclaimer,
        emergency_signs=list(settings.emergency_signs),
    )
