"""`/api/v1/interviews`: the adaptive interview, its state kept server-side."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from backcheck.api.convert import interview_out
from backcheck.api.deps import InterviewsDep, write_limit
from backcheck.api.schemas import AnswerChange, AnswerIn, ErrorOut, InterviewCreate, InterviewOut

__all__ = ["router"]

router = APIRouter(prefix="/interviews", tags=["interviews"])
InterviewId = Annotated[str, Path(min_length=1, max_length=64, description="The interview id.")]
ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorOut, "description": "No such interview, or it expired"},
    409: {"model": ErrorOut, "description": "Not the current question, or a concurrent change"},
    422: {"model": ErrorOut, "description": "Invalid input"},
    429: {"model": ErrorOut, "description": "Too many requests"},
}


@router.post(
    "",
    status_code=201,
    response_model=InterviewOut,
    responses=ERRORS,
    dependencies=[Depends(write_limit)],
    summary="Start an interview",
)
def start(body: InterviewCreate, interviews: InterviewsDep) -> InterviewOut:
    """Start an interview; returns its id and the first question."""
    view = interviews.start(
        age=body.age,
        sex=body.sex,
        pregnant=body.pregnant,
        text=body.text,
        locations=body.locations,
        channel="api",
    )
    return interview_out(view, interviews.kb.settings)


@router.get("/{interview_id}", response_model=InterviewOut, responses=ERRORS, summary="Get state")
def get(interview_id: InterviewId, interviews: InterviewsDep) -> InterviewOut:
    """The interview's state: current triage, conditions and the next question."""
    return interview_out(interviews.get(interview_id), interviews.kb.settings)


@router.post(
    "/{interview_id}/answers",
    response_model=InterviewOut,
    responses=ERRORS,
    dependencies=[Depends(write_limit)],
    summary="Answer the current question",
)
def answer(interview_id: InterviewId, body: AnswerIn, interviews: InterviewsDep) -> InterviewOut:
    """Answer the current question; returns the next question, or status `done`."""
    return interview_out(
        interviews.answer(interview_id, body.question_id, body.answer, body.step),
        interviews.kb.settings,
    )


@router.put(
    "/{interview_id}/answers/{question_id}",
    response_model=InterviewOut,
    responses=ERRORS,
    dependencies=[Depends(write_limit)],
    summary="Change an earlier answer",
)
def change(
    interview_id: InterviewId,
    question_id: Annotated[str, Path(min_length=1, max_length=60)],
    body: AnswerChange,
    interviews: InterviewsDep,
) -> InterviewOut:
    """Change an earlier answer; later answers are dropped and the questions recomputed."""
    return interview_out(
        interviews.change(interview_id, question_id, body.answer), interviews.kb.settings
    )


@router.post(
    "/{interview_id}/finish",
    response_model=InterviewOut,
    responses=ERRORS,
    dependencies=[Depends(write_limit)],
    summary="Finish now",
)
def finish(interview_id: InterviewId, interviews: InterviewsDep) -> InterviewOut:
    """End the interview with the answers so far (for example after an emergency warning)."""
    return interview_out(interviews.finish(interview_id), interviews.kb.settings)
