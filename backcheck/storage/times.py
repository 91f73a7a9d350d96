"""Time as the tables keep it: aware UTC datetimes in Python, naive UTC in the columns.

SQLite has no time-zone type and the columns are PostgreSQL `timestamp without time zone`, so
`UtcDateTime` stores UTC without an offset (as the tables always have) and hands values back
marked as UTC: code compares and subtracts aware datetimes only, on either database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, TypeDecorator

__all__ = ["UtcDateTime", "utcnow"]


def utcnow() -> datetime:
    """The current time in UTC (time-zone aware), to the second.

    >>> utcnow().tzinfo
    datetime.timezone.utc
    """
    return datetime.now(UTC).replace(microsecond=0)


class UtcDateTime(TypeDecorator[datetime]):
    """A DateTime column holding UTC: refuses naive values, returns aware ones.

    >>> from datetime import timedelta, timezone
    >>> column = UtcDateTime()
    >>> stored = column.process_bind_param(
    ...     datetime(2024, 5, 1, 14, 30, tzinfo=timezone(timedelta(hours=2))), None)
    >>> stored
    datetime.datetime(2024, 5, 1, 12, 30)
    >>> column.process_result_value(stored, None)
    datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.timezone.utc)
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect | None) -> Any:
        """Aware datetime in, naive UTC out (what the column stores)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware UTC datetime (utcnow())")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect | None) -> datetime | None:
        """Naive UTC from the column, marked as UTC."""
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)
