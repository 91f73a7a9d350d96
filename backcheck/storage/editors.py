"""Editor accounts (failed-login counter and lock) and their signed-in sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backcheck.errors import ConflictError
from backcheck.storage.tables import EditorRow, EditorSessionRow, SignInFailureRow
from backcheck.storage.times import utcnow

__all__ = [
    "DuplicateEditorError",
    "add_editor",
    "create_session",
    "delete_expired_sessions",
    "delete_session",
    "delete_stale_sign_in_failures",
    "get_editor",
    "get_editor_by_name",
    "get_session_editor",
    "list_editors",
    "record_failed_login",
    "record_login",
    "record_unknown_failure",
    "unknown_locked_until",
    "unlock_editor",
]


class DuplicateEditorError(ConflictError):
    """An editor with this user name already exists."""

    default_code = "editor_exists"

    def __init__(self, username: str) -> None:
        super().__init__(f"There is already an editor called '{username}'.")
        self.username = username


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
    return _lock_at(session, EditorRow.failed_logins, EditorRow.id == editor_id, limit, lock_until)


def _lock_at(session: Session, counter: Any, which: Any, limit: int, lock_until: datetime) -> bool:
    """Lock (and reset the counter) once the failures counted in `counter` reach `limit`."""
    failures = session.scalar(select(counter).where(which))
    if failures is None or failures < limit:
        return False
    session.execute(
        update(counter.class_)
        .where(which)
        .values({counter.key: 0, "locked_until": lock_until})
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


# ----- names with no account -----


def unknown_locked_until(session: Session, name_hash: str) -> datetime | None:
    """Until when sign-ins under a name with no account are locked (None: not recorded)."""
    return session.scalar(
        select(SignInFailureRow.locked_until).where(SignInFailureRow.name_hash == name_hash)
    )


def record_unknown_failure(
    session: Session, name_hash: str, *, limit: int, lock_until: datetime
) -> bool:
    """Count a failed sign-in under a name with no account, as `record_failed_login` does.

    Returns True when this failure locked the name.
    """
    now = utcnow()
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(SignInFailureRow).values(
        name_hash=name_hash, failures=1, locked_until=None, updated_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SignInFailureRow.name_hash],
            set_={"failures": SignInFailureRow.failures + 1, "updated_at": now},
        )
    )
    which = SignInFailureRow.name_hash == name_hash
    return _lock_at(session, SignInFailureRow.failures, which, limit, lock_until)


def delete_stale_sign_in_failures(session: Session, older_than: timedelta) -> int:
    """Forget names with no account not tried for a while (and not locked now); how many."""
    now = utcnow()
    result = session.execute(
        delete(SignInFailureRow).where(
            SignInFailureRow.updated_at <= now - older_than,
            (SignInFailureRow.locked_until.is_(None)) | (SignInFailureRow.locked_until <= now),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


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
