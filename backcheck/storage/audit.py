"""The editors' audit log: append an entry, list entries with the editor's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backcheck.storage.tables import AuditRow, EditorRow
from backcheck.storage.times import utcnow

__all__ = ["AuditRecord", "add_audit", "list_audit"]


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
