"""Pain diaries: rows as plain data, found by the SHA-256 of their secret key; expiring entries.

The key itself is never stored: whoever holds the link holds the diary, and a copy of the
database does not reveal any link. Entries expire `ttl` days after they were recorded, and a
diary when its last entry has (or, without entries, `ttl` days after it was started).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backcheck.errors import NotFoundError
from backcheck.storage.tables import DiaryEntryRow, DiaryRow

__all__ = [
    "MISSING",
    "DiaryNotFoundError",
    "StoredDiary",
    "StoredEntry",
    "add_diary",
    "delete_diary",
    "delete_expired_diaries",
    "get_diary",
    "hash_key",
    "list_entries",
    "new_diary_key",
    "put_entry",
]

_KEY = re.compile(r"^[A-Za-z0-9_-]{43}$")
MISSING = (
    "There is no diary at this address. The link may be mistyped, or the diary was deleted "
    "or has expired."
)


class DiaryNotFoundError(NotFoundError):
    """No diary has this key: mistyped, deleted by its owner, or expired."""

    default_code = "diary_not_found"


def new_diary_key() -> str:
    """A new secret diary key (256 random bits, URL-safe).

    >>> len(new_diary_key())
    43
    """
    return secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """What is stored of a key: its SHA-256, in hex.

    >>> hash_key("a" * 43)[:12]
    '66d34fba71f8'
    """
    return hashlib.sha256(key.encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class StoredDiary:
    """A diary row as plain data."""

    key_hash: str
    created_at: datetime
    expires_at: datetime
    started_on: date
    pain_days_before: int
    checked_on: date | None
    check_level: str | None
    condition_id: str | None


@dataclass(frozen=True)
class StoredEntry:
    """One day's entry as plain data (ids only, never text)."""

    day: date
    recorded_at: datetime
    expires_at: datetime
    pain: int
    locations: tuple[str, ...]
    sleep_broken: bool
    helped: tuple[str, ...]
    warning_signs: tuple[str, ...]


def add_diary(session: Session, diary: StoredDiary) -> None:
    """Store a new diary."""
    session.execute(insert(DiaryRow).values(**vars(diary)))


def get_diary(session: Session, key: str, now: datetime) -> StoredDiary:
    """The diary a key opens, or DiaryNotFoundError if the key is malformed, unknown or expired."""
    if not _KEY.match(key):
        raise DiaryNotFoundError(MISSING)
    row = session.execute(select(DiaryRow).where(DiaryRow.key_hash == hash_key(key))).scalar()
    if row is None or row.expires_at <= now:
        raise DiaryNotFoundError(MISSING)
    return StoredDiary(**{f.name: getattr(row, f.name) for f in fields(StoredDiary)})


def _entry(row: DiaryEntryRow) -> StoredEntry:
    values = {f.name: getattr(row, f.name) for f in fields(StoredEntry)}
    lists = {name: tuple(values[name]) for name in ("locations", "helped", "warning_signs")}
    return StoredEntry(**{**values, **lists})


def list_entries(session: Session, key_hash: str, now: datetime) -> list[StoredEntry]:
    """A diary's entries that have not expired, oldest day first."""
    rows = session.scalars(
        select(DiaryEntryRow)
        .where(DiaryEntryRow.diary_key_hash == key_hash, DiaryEntryRow.expires_at > now)
        .order_by(DiaryEntryRow.day)
    )
    return [_entry(row) for row in rows]


def put_entry(session: Session, key_hash: str, entry: StoredEntry) -> bool:
    """Store a day's entry, replacing one for the same day; True if one was replaced.

    The diary is then kept at least as long as this entry.
    """
    values: dict[str, Any] = {
        "recorded_at": entry.recorded_at,
        "expires_at": entry.expires_at,
        "pain": entry.pain,
        "locations": list(entry.locations),
        "sleep_broken": entry.sleep_broken,
        "helped": list(entry.helped),
        "warning_signs": list(entry.warning_signs),
    }
    same_day = (DiaryEntryRow.diary_key_hash == key_hash, DiaryEntryRow.day == entry.day)
    replaced = session.execute(update(DiaryEntryRow).where(*same_day).values(values))
    found = bool(getattr(replaced, "rowcount", 0))
    if not found:
        try:
            with session.begin_nested():
                session.execute(
                    insert(DiaryEntryRow).values(diary_key_hash=key_hash, day=entry.day, **values)
                )
        except IntegrityError:
            # Another request stored this day meanwhile (replace it), or deleted the diary.
            if not session.scalar(select(DiaryRow.key_hash).where(DiaryRow.key_hash == key_hash)):
                raise DiaryNotFoundError(MISSING) from None
            again = session.execute(update(DiaryEntryRow).where(*same_day).values(values))
            if not getattr(again, "rowcount", 0):
                raise  # not a lost race: a value the table refuses
            found = True
    session.execute(
        update(DiaryRow)
        .where(DiaryRow.key_hash == key_hash, DiaryRow.expires_at < entry.expires_at)
        .values(expires_at=entry.expires_at)
    )
    return found


def delete_diary(session: Session, key_hash: str) -> bool:
    """Delete a diary and all its entries at once; True if there was one."""
    session.execute(delete(DiaryEntryRow).where(DiaryEntryRow.diary_key_hash == key_hash))
    result = session.execute(delete(DiaryRow).where(DiaryRow.key_hash == key_hash))
    return bool(getattr(result, "rowcount", 0))


def delete_expired_diaries(session: Session, now: datetime) -> tuple[int, int]:
    """Delete expired entries, then expired diaries with theirs; return (diaries, entries)."""
    entries = session.execute(delete(DiaryEntryRow).where(DiaryEntryRow.expires_at <= now))
    expired = select(DiaryRow.key_hash).where(DiaryRow.expires_at <= now)
    session.execute(delete(DiaryEntryRow).where(DiaryEntryRow.diary_key_hash.in_(expired)))
    diaries = session.execute(delete(DiaryRow).where(DiaryRow.expires_at <= now))
    return int(getattr(diaries, "rowcount", 0) or 0), int(getattr(entries, "rowcount", 0) or 0)
