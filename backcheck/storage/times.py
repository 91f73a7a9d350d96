"""Time as the tables keep it: UTC."""

from __future__ import annotations

from datetime import datetime

__all__ = ["utcnow"]


def utcnow() -> datetime:
    """The current time in UTC, without time zone (how the tables store it)."""
    return datetime.utcnow().replace(microsecond=0)  # stored as naive UTC
