"""Stateless endpoints: `/assess`, `/parse`, `/explain`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from backcheck.api.schemas import (
    AssessIn,
    AssessOut,
    ConditionOut,
    ErrorOut,
    ExplainIn,
    ExplainOut,
    MentionOut,
    ParseIn,
    ParseOut,
    QuestionOut,
    TriageOut,
)
from backcheck.engine import EvidenceItem
from backcheck.http.deps import AssessDep, ServicesDep, text_limit, write_limit

__all__ = ["router"]

router = APIRouter(tags=["assessment"])
ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorOut, "description": "Unknown condition"},
    422: {"model": ErrorOut, "description": "Invalid input"},
    429: {"model": ErrorOut, "description": "Too many requests"},
}


@router.post(
    "/assess",
    response_model=AssessOut,
    responses=ERRORS,
    dependencies=[Depends(write_limit)],
    summary="Assess evidence",
)
def assess(body: AssessIn, service: AssessDep) -> AssessOut:
    """Triage, ranked conditions, the next question and whether to stop (nothing is stored)."""
    evidence = [EvidenceItem(e.id, "", e.state) for e in body.evidence]
    step = service.assess(
        evidence, body.patient.age, body.patient.sex, body.patient.pregnant, body.asked
    )
    result = step.assessment
    return AssessOut(
        scope=result.scope,
        triage=TriageOut.model_validate(result.triage),
        conditions=[ConditionOut.model_validate(c) for c in result.conditions[:10]],
        next_question=QuestionOut.model_validate(step.question) if step.question else None,
        should_stop=result.should_stop,
        stop_reason=result.stop_reason,
        kb_version=result.kb_version,
        disclaimer=service.services.kb.settings.disclaimer,
        emergency_signs=list(service.services.kb.settings.emergency_signs),
    )


@router.post(
    "/parse",
    response_model=ParseOut,
    responses=ERRORS,
    dependencies=[Depends(write_limit)],
    summary="Understand a description",
)
def parse(body: ParseIn, request: Request, service: AssessDep, services: ServicesDep) -> ParseOut:
    """Findings read from free text, with their character spans (the text is not stored)."""
    text_limit(request, services, body.text)
    parsed = service.parse(body.text)
    findings = services.kb.findings
    return ParseOut(
        evidence=[
            MentionOut(
                id=m.finding_id,
                name=findings[m.finding_id].name,
                state=m.state,
                start=m.start,
                end=m.end,
                text=m.text,
                uncertain=m.uncertain,
            )
            for m in parsed.mentions
        ],
        age=parsed.age,
        sex=parsed.sex,
        pregnant=parsed.pregnant,
        warnings=list(parsed.warnings),
        truncated=parsed.truncated,
    )


@router.post(
    "/explain",
    response_model=ExplainOut,
    responses=ERRORS,
    dependencies=[Depends(write_limit)],
    summary="Explain",
)
def explain(body: ExplainIn, service: AssessDep) -> ExplainOut:
    """The evidence that raised and lowered one condition, as likelihood ratios."""
    evidence = [EvidenceItem(e.id, "", e.state) for e in body.evidence]
    result = service.explain(body.condition_id, evidence, body.patient.age, body.patient.sex)
    return ExplainOut.model_validate(result)
