"""`/api/v1/diaries`: a pain diary kept after a check, with time-based advice.

There is no account: the diary's `key` (returned once, when it is started) is the secret.
Entries are structured (pain 0-10, where, broken sleep, what helped, warning signs) and expire
after BACKCHECK_DIARY_TTL_DAYS; `DELETE` removes the diary and every entry at once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response

from backcheck.api.diary_schemas import (
    DiaryCreate,
    DiaryOptionsOut,
    DiaryOut,
    EntryIn,
    SavedOut,
)
from backcheck.api.schemas import ErrorOut
from backcheck.http.deps import DiariesDep, write_limit
from backcheck.service.diaries import EntryDraft

__all__ = ["router"]

router = APIRouter(prefix="/diaries", tags=["diaries"])
Key = Annotated[str, Path(min_length=1, max_length=64, description="The diary's secret key.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such diary: mistyped, deleted or expired"},
    409: {"model": ErrorOut, "description": "The check is not finished"},
    422: {"model": ErrorOut, "description": "Invalid input"},
    429: {"model": ErrorOut, "description": "Too many requests"},
}
WRITE = [Depends(write_limit)]


@router.get("/options", response_model=DiaryOptionsOut, summary="What an entry offers")
def options(diaries: DiariesDep) -> DiaryOptionsOut:
    """The ids an entry may use: where it hurts, what helped, warning signs; and durations."""
    offered = diaries.options()
    return DiaryOptionsOut.model_validate(
        {
            "locations": offered.locations,
            "helped": offered.helped,
            "warning_signs": offered.warning_signs,
            "durations": list(diaries.rules.duration_days),
        }
    )


@router.post(
    "",
    status_code=201,
    response_model=DiaryOut,
    responses=ERRORS,
    dependencies=WRITE,
    summary="Start a diary",
)
def start(body: DiaryCreate, diaries: DiariesDep) -> DiaryOut:
    """Start a diary; keep the returned `key`, it is the only way back to the diary."""
    return DiaryOut.model_validate(diaries.start(body.interview_id, body.duration))


@router.get("/{key}", response_model=DiaryOut, responses=ERRORS, summary="Read a diary")
def get(key: Key, diaries: DiariesDep) -> DiaryOut:
    """The entries and the advice now."""
    return DiaryOut.model_validate(diaries.get(key))


@router.post(
    "/{key}/entries",
    status_code=201,
    response_model=SavedOut,
    responses=ERRORS,
    dependencies=WRITE,
    summary="Add a day's entry",
)
def add_entry(key: Key, body: EntryIn, diaries: DiariesDep) -> SavedOut:
    """Record a day (replacing that day's entry); `emergency` true means act on it now."""
    draft = EntryDraft(
        pain=body.pain,
        sleep_broken=body.sleep_broken,
        locations=body.locations,
        helped=body.helped,
        warning_signs=body.warning_signs,
        day=body.day,
    )
    return SavedOut.model_validate(diaries.add_entry(key, draft))


@router.delete(
    "/{key}",
    status_code=204,
    response_class=Response,
    responses=ERRORS,
    dependencies=WRITE,
    summary="Delete a diary",
)
def delete(key: Key, diaries: DiariesDep) -> Response:
    """Delete the diary and every entry at once; the key opens nothing afterwards."""
    diaries.delete(key)
    return Response(status_code=204)
