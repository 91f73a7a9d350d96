"""Request and response bodies of the stories and editor endpoints (`/api/v1/stories`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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
]

#: Bodies are checked again by the service, with friendlier messages; these are hard caps.
_TEXT_CAP = 4000
_SHORT_CAP = 600
OptionalId = Annotated[str, StringConstraints(max_length=60, pattern=r"^[A-Za-z0-9_]*$")] | None


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Out(BaseModel):
    """A response read straight from the service's objects (their attributes)."""

    model_config = ConfigDict(from_attributes=True)


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


class RemovedOut(_Out):
    """What kind of personal detail was removed, and how many."""

    kind: Literal["email", "link", "phone", "address", "name"]
    count: int
    label: str


class StorySubmittedOut(_Out):
    """A stored submission: pending until an editor approves it."""

    id: int
    status: Literal["pending", "approved", "rejected"]
    text: str
    helped: str | None
    removed: list[RemovedOut]
    message: str


class StoryOut(_Out):
    """A published story."""

    id: int
    text: str
    helped: str | None
    condition_id: str | None
    condition_name: str | None
    age_band: str | None
    duration: str | None
    published_on: date


class StoryListOut(_Out):
    """One page of published stories, newest first."""

    items: list[StoryOut]
    page: int
    pages: int
    total: int
    per_page: int
    condition_id: str | None


class ReviewOut(_Out):
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


class EditorOut(_Out):
    """A signed-in editor."""

    name: str


class EditorTokenOut(_Out):
    """A new session: send `Authorization: Bearer <token>` on editor requests."""

    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    editor: EditorOut


class AuditEntryOut(_Out):
    """One audit log entry."""

    at: datetime
    editor: str
    action: str
    story_id: int | None
    reason: str | None


class AuditOut(_Out):
    """One page of the audit log, newest first."""

    items: list[AuditEntryOut]
    page: int
    pages: int
    total: int
