"""Reading and writing stories, editor accounts, editor sessions and the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backcheck.storage.repositories import utcnow
from backcheck.storage.tables import AuditRow, EditorRow, EditorSessionRow, StoryRow

__all__ = [
    "AuditRecord",
    "DuplicateEditorError",
    "NewStory",
    "add_audit",
    "add_editor",
    "add_story",
    "count_stories",
    "create_session",
    "delete_expired_sessions",
    "delete_session",
    "find_pending_duplicate",
    "get_editor",
    "get_editor_by_name",
    "get_session_editor",
    "get_story",
    "list_audit",
    "list_editors",
    "list_stories",
    "moderate_story",
    "record_failed_login",
    "record_login",
    "unlock_editor",
]


class DuplicateEditorError(ValueError):
    """An editor with this user name already exists."""


# ----- stories -----


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


# ----- the audit log -----


def add_audit(
    session: Session,
    *,
    editor_id: int,
    action: str,
    story_id: int | None = None,
    reason: str | None = None,
) -> None:
    """Append an entry to the audit log."""
    session.add(
        AuditRow(at=utcnow(), editor_id=editor_id, action=action, story_id=story_id, reason=reason)
    )
    session.flush()


@dataclass(frozen=True)
class AuditRecord:
    """An audit entry with the editor's user name."""

    id: int
    at: datetime
    editor: str
    action: str
    story_id: int | None
    reason: str | None


def list_audit(
    session: Session, *, story_id: int | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[AuditRecord], int]:
    """Audit entries, newest first, and how many there are in all."""
    where = [] if story_id is None else [AuditRow.story_id == story_id]
    total = int(session.scalar(select(func.count(AuditRow.id)).where(*where)) or 0)
    query = (
        select(AuditRow, EditorRow.username)
        .join(EditorRow, EditorRow.id == AuditRow.editor_id)
        .where(*where)
        .order_by(AuditRow.id.desc())
        .offset(offset)
        .limit(limit)
    )
    records = [
        AuditRecord(row.id, row.at, name, row.action, row.story_id, row.reason)
        for row, name in session.execute(query)
    ]
    return records, total


# ----- editors -----


def add_editor(session: Session, username: str, password_hash: str) -> EditorRow:
    """Create an editor account; DuplicateEditorError if the user name is taken."""
    row = EditorRow(
        username=username,
        password_hash=password_hash,
        created_at=utcnow(),
        active=True,
        failed_logins=0,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise DuplicateEditorError(username) from None
    return row


def get_editor(session: Session, editor_id: int) -> EditorRow | None:
    """The editor with this id, or None."""
    return session.get(EditorRow, editor_id)


def get_editor_by_name(
    session: Session, username: str, for_update: bool = False
) -> EditorRow | None:
    """The editor with this user name, or None."""
    query = select(EditorRow).where(EditorRow.username == username)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def list_editors(session: Session) -> list[EditorRow]:
    """Every editor account, by user name."""
    return list(session.scalars(select(EditorRow).order_by(EditorRow.username)))


def record_failed_login(
    session: Session, editor_id: int, *, limit: int, lock_until: datetime
) -> bool:
    """Count a failed login (atomically); lock the account when it reaches `limit`.

    Returns True when this failure locked the account.
    """
    session.execute(
        update(EditorRow)
        .where(EditorRow.id == editor_id)
        .values(failed_logins=EditorRow.failed_logins + 1)
        .execution_options(synchronize_session=False)
    )
    failures = session.scalar(select(EditorRow.failed_logins).where(EditorRow.id == editor_id))
    if failures is None or failures < limit:
        return False
    session.execute(
        update(EditorRow)
        .where(EditorRow.id == editor_id)
        .values(failed_logins=0, locked_until=lock_until)
        .execution_options(synchronize_session=False)
    )
    return True


def record_login(session: Session, editor_id: int, password_hash: str | None = None) -> None:
    """A successful login: clear the failure counter and the lock (and update the hash)."""
    values: dict[str, object] = {
        "failed_logins": 0,
        "locked_until": None,
        "last_login_at": utcnow(),
    }
    if password_hash is not None:
        values["password_hash"] = password_hash
    session.execute(
        update(EditorRow)
        .where(EditorRow.id == editor_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def unlock_editor(session: Session, editor_id: int) -> None:
    """Lift a lockout now."""
    session.execute(
        update(EditorRow)
        .where(EditorRow.id == editor_id)
        .values(failed_logins=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )


# ----- editor sessions -----


def create_session(
    session: Session, *, token_hash: str, editor_id: int, channel: str, expires_at: datetime
) -> EditorSessionRow:
    """Store a new editor session (by the hash of its token)."""
    row = EditorSessionRow(
        token_hash=token_hash,
        editor_id=editor_id,
        channel=channel,
        created_at=utcnow(),
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row


def get_session_editor(session: Session, token_hash: str) -> EditorRow | None:
    """The active editor of an unexpired session, or None (an expired session is deleted)."""
    found = session.execute(
        select(EditorSessionRow, EditorRow)
        .join(EditorRow, EditorRow.id == EditorSessionRow.editor_id)
        .where(EditorSessionRow.token_hash == token_hash)
    ).first()
    if found is None:
        return None
    row, editor = found
    if row.expires_at <= utcnow():
        session.delete(row)
        return None
    return editor if editor.active else None


def delete_session(session: Session, token_hash: str) -> int | None:
    """Delete a session; return its editor's id (None if there was no such session)."""
    row = session.get(EditorSessionRow, token_hash)
    if row is None:
        return None
    editor_id = row.editor_id
    session.delete(row)
    session.flush()
    return editor_id


def delete_expired_sessions(session: Session) -> int:
    """Delete editor sessions past their expiry; return how many."""
    result = session.execute(
        delete(EditorSessionRow).where(EditorSessionRow.expires_at <= utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)
