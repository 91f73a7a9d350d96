"""Reading and writing shared stories: submission, duplicates, listing and moderation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from backcheck.storage.tables import StoryRow
from backcheck.storage.times import utcnow

__all__ = [
    "NewStory",
    "add_story",
    "count_stories",
    "find_pending_duplicate",
    "get_story",
    "list_stories",
    "moderate_story",
]


@dataclass(frozen=True)
class NewStory:
    """A story to store (its text already scrubbed of personal details)."""

    text: str
    helped: str | None
    condition_id: str | None
    age_band: str | None
    duration: str | None
    removed: Sequence[tuple[str, int]]


def add_story(session: Session, story: NewStory) -> StoryRow:
    """Insert a pending story and return it."""
    row = StoryRow(
        created_at=utcnow(),
        status="pending",
        submitted_text=story.text,
        submitted_helped=story.helped,
        condition_id=story.condition_id,
        age_band=story.age_band,
        duration=story.duration,
        removed=[list(pair) for pair in story.removed],
    )
    session.add(row)
    session.flush()
    return row


def find_pending_duplicate(
    session: Session, text: str, condition_id: str | None, since: datetime
) -> StoryRow | None:
    """A pending story with exactly this text and condition submitted since `since`."""
    query = select(StoryRow).where(
        StoryRow.status == "pending",
        StoryRow.submitted_text == text,
        StoryRow.created_at >= since,
        StoryRow.condition_id.is_(None)
        if condition_id is None
        else StoryRow.condition_id == condition_id,
    )
    return session.scalars(query.order_by(StoryRow.id).limit(1)).first()


def get_story(session: Session, story_id: int) -> StoryRow | None:
    """The story with this id (any status), or None."""
    return session.get(StoryRow, story_id)


def _story_filters(status: str | None, condition_id: str | None) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if status is not None:
        out.append(StoryRow.status == status)
    if condition_id is not None:
        out.append(StoryRow.condition_id == condition_id)
    return out


def count_stories(
    session: Session, status: str | None = None, condition_id: str | None = None
) -> int:
    """How many stories have this status (and condition)."""
    where = _story_filters(status, condition_id)
    return int(session.scalar(select(func.count(StoryRow.id)).where(*where)) or 0)


def list_stories(
    session: Session,
    *,
    status: str,
    condition_id: str | None = None,
    offset: int = 0,
    limit: int = 10,
    newest_first: bool = True,
) -> list[StoryRow]:
    """Stories with a status: approved ones newest approval first, pending oldest first."""
    where = _story_filters(status, condition_id)
    order: list[ColumnElement[Any]]
    if status == "pending":
        order = [StoryRow.id.desc() if newest_first else StoryRow.id.asc()]
    elif newest_first:
        order = [StoryRow.reviewed_at.desc(), StoryRow.id.desc()]
    else:
        order = [StoryRow.reviewed_at.asc(), StoryRow.id.asc()]
    query = select(StoryRow).where(*where).order_by(*order).offset(offset).limit(limit)
    return list(session.scalars(query))


def moderate_story(
    session: Session,
    story_id: int,
    *,
    status: str,
    editor_id: int,
    published_text: str | None = None,
    published_helped: str | None = None,
    reason: str | None = None,
) -> bool:
    """Approve or reject a story that is still pending (atomically); False if it was not.

    The update only matches a pending row, so two editors (or a replayed form) acting at once
    cannot both succeed: the second finds nothing to change.
    """
    result = session.execute(
        update(StoryRow)
        .where(StoryRow.id == story_id, StoryRow.status == "pending")
        .values(
            status=status,
            reviewed_at=utcnow(),
            reviewed_by=editor_id,
            published_text=published_text,
            published_helped=published_helped,
            rejection_reason=reason,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1
