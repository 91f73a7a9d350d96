"""`/api/v1/interviews`: the adaptive interview, its state kept server-side."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request

from backcheck.api.schemas import (
    AnswerChange,
    AnswerIn,
    DescribeIn,
    ErrorOut,
    InterviewCreate,
    InterviewOut,
)
from backcheck.http.deps import InterviewsDep, read_limit, text_limit, write_limit

__all__ = ["router"]

Route = Callable[..., Any]

router = APIRouter(prefix="/interviews", tags=["interviews"])
InterviewId = Annotated[str, Path(min_length=1, max_length=64, description="The interview id.")]
FindingId = Annotated[str, Path(min_length=1, max_length=60, description="A finding id.")]
ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorOut, "description": "No such interview, or it expired"},
    409: {"model": ErrorOut, "description": "Not the current question, or a concurrent change"},
    422: {"model": ErrorOut, "description": "Invalid input"},
    429: {"model": ErrorOut, "description": "Too many requests"},
}


def _write(
    method: Literal["post", "put", "delete"], path: str, summary: str, status: int = 200
) -> Callable[[Route], Route]:
    """A rate-limited route that changes the interview and returns its new state."""
    add = getattr(router, method)
    decorator: Callable[[Route], Route] = add(
        path,
        status_code=status,
        response_model=InterviewOut,
        responses=ERRORS,
        dependencies=[Depends(write_limit)],
        summary=summary,
    )
    return decorator


@_write("post", "", "Start an interview", status=201)
def start(body: InterviewCreate, request: Request, interviews: InterviewsDep) -> InterviewOut:
    """Start an interview; returns its id, what to show first and the first question."""
    text_limit(request, interviews.services, body.text)
    view = interviews.start(
        age=body.age,
        sex=body.sex,
        pregnant=body.pregnant,
        text=body.text,
        locations=body.locations,
        channel="api",
    )
    return InterviewOut.model_validate(view)


@router.get(
    "/{interview_id}",
    response_model=InterviewOut,
    responses=ERRORS,
    dependencies=[Depends(read_limit)],
    summary="Get state",
)
def get(interview_id: InterviewId, interviews: InterviewsDep) -> InterviewOut:
    """The interview's state: what to show now, triage, conditions and the next question."""
    return InterviewOut.model_validate(interviews.get(interview_id))


@_write("post", "/{interview_id}/answers", "Answer the current question")
def answer(interview_id: InterviewId, body: AnswerIn, interviews: InterviewsDep) -> InterviewOut:
    """Answer the current question; returns the next screen, or status `done`."""
    view = interviews.answer(interview_id, body.question_id, body.answer, body.step)
    return InterviewOut.model_validate(view)


@_write("put", "/{interview_id}/answers/{question_id}", "Change an earlier answer")
def change(
    interview_id: InterviewId,
    question_id: Annotated[str, Path(min_length=1, max_length=60)],
    body: AnswerChange,
    interviews: InterviewsDep,
) -> InterviewOut:
    """Change an earlier answer; later answers are dropped and the questions recomputed."""
    return InterviewOut.model_validate(interviews.change(interview_id, question_id, body.answer))


@_write("post", "/{interview_id}/back", "Take back the last answer")
def back(interview_id: InterviewId, interviews: InterviewsDep) -> InterviewOut:
    """Take back the last answer: its question is asked again."""
    return InterviewOut.model_validate(interviews.back(interview_id))


@_write("post", "/{interview_id}/description", "Describe it in your own words")
def describe(
    interview_id: InterviewId, body: DescribeIn, request: Request, interviews: InterviewsDep
) -> InterviewOut:
    """Add what the person's own words say (never stored); an empty text skips the step."""
    text_limit(request, interviews.services, body.text)
    return InterviewOut.model_validate(interviews.describe(interview_id, body.text))


@_write("delete", "/{interview_id}/understood/{finding_id}", "Forget something understood")
def forget(
    interview_id: InterviewId, finding_id: FindingId, interviews: InterviewsDep
) -> InterviewOut:
    """Drop one finding understood from the description (it was misread)."""
    return InterviewOut.model_validate(interviews.forget(interview_id, finding_id))


@_write("post", "/{interview_id}/emergency-acknowledgement", "Go on after an emergency")
def acknowledge(interview_id: InterviewId, interviews: InterviewsDep) -> InterviewOut:
    """The person saw the emergency advice and chose to keep answering."""
    return InterviewOut.model_validate(interviews.acknowledge_emergency(interview_id))


@_write("post", "/{interview_id}/finish", "Finish now")
def finish(interview_id: InterviewId, interviews: InterviewsDep) -> InterviewOut:
    """End the interview with the answers so far (for example after an emergency warning)."""
    return InterviewOut.model_validate(interviews.finish(interview_id))
