"""`/api/v1/stories` and `/api/v1/editor`: shared stories and their editorial review.

Submitting and reading published stories is public. The moderation queue and the decisions need
an editor's session token: `POST /api/v1/editor/login` returns one, to be sent as
`Authorization: Bearer <token>`; without a valid token these endpoints answer 401.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from backcheck.api.schemas import ErrorOut
from backcheck.api.story_schemas import (
    AuditOut,
    EditorLoginIn,
    EditorOut,
    EditorTokenOut,
    RejectIn,
    ReviewOut,
    StoryEditIn,
    StoryIn,
    StoryListOut,
    StoryOut,
    StorySubmittedOut,
)
from backcheck.http.deps import (
    EditorDep,
    EditorsDep,
    StoriesDep,
    bearer_token,
    client_address,
    login_limit,
    write_limit,
)
from backcheck.service import StoryDraft

__all__ = ["router"]

router = APIRouter(tags=["stories"])
StoryId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The story id.")]
Page = Annotated[int, Query(ge=1, le=10_000, description="Page number, from 1.")]
PUBLIC: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorOut, "description": "No such published story"},
    422: {"model": ErrorOut, "description": "Invalid input"},
    429: {"model": ErrorOut, "description": "Too many submissions"},
}
EDITOR: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "No valid editor token"},
    404: {"model": ErrorOut, "description": "No such story"},
    409: {"model": ErrorOut, "description": "The story was already approved or rejected"},
    422: {"model": ErrorOut, "description": "Invalid input"},
}


@router.post(
    "/stories",
    status_code=201,
    response_model=StorySubmittedOut,
    responses=PUBLIC,
    dependencies=[Depends(write_limit)],
    summary="Share a story",
)
def submit(body: StoryIn, request: Request, stories: StoriesDep) -> StorySubmittedOut:
    """Submit a story for review; returns what was stored and what personal details were removed.

    Stories are rate-limited per client and published only after an editor approves them.
    """
    result = stories.submit(
        StoryDraft(
            text=body.text,
            condition_id=body.condition_id,
            age_band=body.age_band,
            duration=body.duration,
            helped=body.helped,
        ),
        client=client_address(request),
    )
    return StorySubmittedOut.model_validate(result)


@router.get("/stories", response_model=StoryListOut, responses=PUBLIC, summary="Published stories")
def published(
    stories: StoriesDep,
    condition: Annotated[str | None, Query(max_length=60, description="A condition id.")] = None,
    page: Page = 1,
) -> StoryListOut:
    """Approved stories, newest first, 10 per page, optionally about one condition."""
    return StoryListOut.model_validate(stories.published(condition or None, page))


@router.get(
    "/stories/pending",
    response_model=list[ReviewOut],
    responses=EDITOR,
    summary="The moderation queue (editors)",
)
def pending(editor: EditorDep, stories: StoriesDep, page: Page = 1) -> list[ReviewOut]:
    """Stories waiting for review, oldest first, 20 per page."""
    del editor
    return [ReviewOut.model_validate(s) for s in stories.pending(page).items]


@router.get("/stories/{story_id}", response_model=StoryOut, responses=PUBLIC, summary="One story")
def story(story_id: StoryId, stories: StoriesDep) -> StoryOut:
    """A published story (pending and rejected stories are not found)."""
    return StoryOut.model_validate(stories.get_published(story_id))


@router.post(
    "/stories/{story_id}/approve",
    response_model=ReviewOut,
    responses=EDITOR,
    summary="Approve a story (editors)",
)
def approve(story_id: StoryId, editor: EditorDep, stories: StoriesDep) -> ReviewOut:
    """Publish a pending story as it was submitted."""
    return ReviewOut.model_validate(stories.approve(editor, story_id))


@router.post(
    "/stories/{story_id}/reject",
    response_model=ReviewOut,
    responses=EDITOR,
    summary="Reject a story (editors)",
)
def reject(story_id: StoryId, body: RejectIn, editor: EditorDep, stories: StoriesDep) -> ReviewOut:
    """Reject a pending story; the reason is kept for editors and never published."""
    return ReviewOut.model_validate(stories.reject(editor, story_id, body.reason))


@router.post(
    "/stories/{story_id}/edit-approve",
    response_model=ReviewOut,
    responses=EDITOR,
    summary="Edit and approve a story (editors)",
)
def edit_approve(
    story_id: StoryId, body: StoryEditIn, editor: EditorDep, stories: StoriesDep
) -> ReviewOut:
    """Publish an edited version; the text as submitted is kept unchanged for the record."""
    return ReviewOut.model_validate(stories.edit_approve(editor, story_id, body.text, body.helped))


@router.post(
    "/editor/login",
    response_model=EditorTokenOut,
    responses={
        401: {"model": ErrorOut, "description": "Wrong user name or password"},
        423: {"model": ErrorOut, "description": "Too many failed attempts: locked for a while"},
        429: {"model": ErrorOut, "description": "Too many attempts from this client"},
    },
    dependencies=[Depends(login_limit)],
    tags=["editors"],
    summary="Sign in as an editor",
)
def login(body: EditorLoginIn, editors: EditorsDep) -> EditorTokenOut:
    """A session token for the editor endpoints (expires after 8 hours)."""
    result = editors.login(body.name, body.password, channel="api")
    return EditorTokenOut(
        token=result.token, expires_at=result.expires_at, editor=EditorOut(name=result.editor.name)
    )


@router.post(
    "/editor/logout",
    status_code=204,
    responses={401: {"model": ErrorOut, "description": "No valid editor token"}},
    tags=["editors"],
    summary="Sign out",
)
def logout(
    editor: EditorDep,
    editors: EditorsDep,
    token: Annotated[str | None, Depends(bearer_token)],
) -> Response:
    """End the session: the token stops working at once."""
    del editor
    editors.logout(token)
    return Response(status_code=204)


@router.get(
    "/editor/audit",
    response_model=AuditOut,
    responses=EDITOR,
    tags=["editors"],
    summary="The audit log (editors)",
)
def audit(editor: EditorDep, stories: StoriesDep, page: Page = 1) -> AuditOut:
    """Who approved, rejected or edited which story and when, and sign-ins; newest first."""
    del editor
    return AuditOut.model_validate(stories.audit(page))
