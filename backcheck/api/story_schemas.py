"""Request and response bodies of the stories and editor endpoints (`/api/v1/stories`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from backcheck.service import (
    AuditPage,
    PublishedStory,
    Removal,
    ReviewStory,
    StoryPage,
    Submitted,
)

__all__ = [
    "AuditEntryOut",
    "AuditOut",
    "EditorLoginIn",
    "EditorOut",
    "EditorTokenOut",
    "RejectIn",
    "RemovedOut",
    "ReviewOut",
    "StoryEditIn",
    "StoryIn",
    "StoryListOut",
    "StoryOut",
    "StorySubmittedOut",
    "audit_out",
    "review_out",
    "story_list_out",
    "story_out",
    "submitted_out",
]

#: Bodies are checked again by the service, with friendlier messages; these are hard caps.
_TEXT_CAP = 4000
_SHORT_CAP = 600
OptionalId = Annotated[str, StringConstraints(max_length=60, pattern=r"^[A-Za-z0-9_]*$")] | None


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoryIn(_In):
    """A story to share. There are no name or contact fields: do not put any in the text."""

    text: str = Field(
        max_length=_TEXT_CAP,
        description="The story (30 to 3000 characters). Personal details such as emails, "
        "phone numbers, street addresses and names are removed before it is stored.",
    )
    condition_id: OptionalId = Field(default=None, description="The condition it was about.")
    age_band: OptionalId = Field(default=None, description="An age band id, e.g. age_30_44.")
    duration: OptionalId = Field(
        default=None,
        description="How long it lasted: lt_1_week, 1_4_weeks, 1_3_months, 3_12_months, "
        "over_1_year or ongoing.",
    )
    helped: str | None = Field(
        default=None, max_length=_SHORT_CAP, description="What helped (up to 500 characters)."
    )


class RejectIn(_In):
    """Why a story is rejected (kept for editors only, never published)."""

    reason: str = Field(max_length=_SHORT_CAP)


class StoryEditIn(_In):
    """The edited text to publish (the submitted text is kept unchanged)."""

    text: str = Field(max_length=_TEXT_CAP)
    helped: str | None = Field(default=None, max_length=_SHORT_CAP)


class EditorLoginIn(_In):
    """An editor's user name and password."""

    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)


# ----- responses -----


class RemovedOut(BaseModel):
    """What kind of personal detail was removed, and how many."""

    kind: Literal["email", "link", "phone", "address", "name"]
    count: int
    label: str


class StorySubmittedOut(BaseModel):
    """A stored submission: pending until an editor approves it."""

    id: int
    status: Literal["pending", "approved", "rejected"]
    text: str
    helped: str | None
    removed: list[RemovedOut]
    message: str


class StoryOut(BaseModel):
    """A published story."""

    id: int
    text: str
    helped: str | None
    condition_id: str | None
    condition_name: str | None
    age_band: str | None
    duration: str | None
    published_on: date


class StoryListOut(BaseModel):
    """One page of published stories, newest first."""

    items: list[StoryOut]
    page: int
    pages: int
    total: int
    per_page: int
    condition_id: str | None


class ReviewOut(BaseModel):
    """A story as an editor sees it."""

    id: int
    status: Literal["pending", "approved", "rejected"]
    submitted_at: datetime
    submitted_text: str
    submitted_helped: str | None
    published_text: str | None
    published_helped: str | None
    condition_id: str | None
    age_band: str | None
    duration: str | None
    removed: list[RemovedOut]
    reviewed_at: datetime | None
    reviewed_by: str | None
    rejection_reason: str | None


class EditorOut(BaseModel):
    """A signed-in editor."""

    name: str


class EditorTokenOut(BaseModel):
    """A new session: send `Authorization: Bearer <token>` on editor requests."""

    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    editor: EditorOut


class AuditEntryOut(BaseModel):
    """One audit log entry."""

    at: datetime
    editor: str
    action: str
    story_id: int | None
    reason: str | None


class AuditOut(BaseModel):
    """One page of the audit log, newest first."""

    items: list[AuditEntryOut]
    page: int
    pages: int
    total: int


# ----- conversions -----


def _removed(removed: tuple[Removal, ...]) -> list[RemovedOut]:
    return [RemovedOut(kind=r.kind, count=r.count, label=r.label) for r in removed]


def submitted_out(result: Submitted, message: str) -> StorySubmittedOut:
    """The response to a submission."""
    return StorySubmittedOut(
        id=result.id,
        status=result.status,
        text=result.text,
        helped=result.helped,
        removed=_removed(result.removed),
        message=message,
    )


def story_out(story: PublishedStory) -> StoryOut:
    """A published story."""
    return StoryOut(
        id=story.id,
        text=story.text,
        helped=story.helped,
        condition_id=story.condition_id,
        condition_name=story.condition_name,
        age_band=story.age_band,
        duration=story.duration,
        published_on=story.published_on,
    )


def story_list_out(page: StoryPage) -> StoryListOut:
    """A page of published stories."""
    return StoryListOut(
        items=[story_out(s) for s in page.items],
        page=page.page,
        pages=page.pages,
        total=page.total,
        per_page=page.per_page,
        condition_id=page.condition_id,
    )


def review_out(story: ReviewStory) -> ReviewOut:
    """A story for editors."""
    return ReviewOut(
        id=story.id,
        status=story.status,
        submitted_at=story.submitted_at,
        submitted_text=story.submitted_text,
        submitted_helped=story.submitted_helped,
        published_text=story.published_text,
        published_helped=story.published_helped,
        condition_id=story.condition_id,
        age_band=story.age_band,
        duration=story.duration,
        removed=_removed(story.removed),
        reviewed_at=story.reviewed_at,
        reviewed_by=story.reviewed_by,
        rejection_reason=story.rejection_reason,
    )


def audit_out(page: AuditPage) -> AuditOut:
    """A page of the audit log."""
    return AuditOut(
        items=[
            AuditEntryOut(
                at=e.at, editor=e.editor, action=e.action, story_id=e.story_id, reason=e.reason
            )
            for e in page.items
        ],
        page=page.page,
        pages=page.pages,
        total=page.total,
    )
