"""What a pain diary holds, as the interfaces show it: plain values, no storage.

The command line imports these without the storage layer; `backcheck.service.diaries` (the use
cases) re-exports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from backcheck.knowledge import URGENCIES
from backcheck.service.diary_advice import Advice

__all__ = [
    "BACKFILL_DAYS",
    "MAX_PAIN",
    "DiaryEntry",
    "DiaryOptions",
    "DiaryView",
    "EntryDraft",
    "Option",
    "Saved",
]

MAX_PAIN = 10
#: How many days back an entry may be filled in (today and the six days before).
BACKFILL_DAYS = 6


@dataclass(frozen=True)
class Option:
    """A tick an entry offers: the id stored and the label shown."""

    id: str
    label: str


@dataclass(frozen=True)
class DiaryOptions:
    """The fixed lists an entry chooses from."""

    locations: tuple[Option, ...]
    helped: tuple[Option, ...]
    warning_signs: tuple[Option, ...]


@dataclass(frozen=True)
class EntryDraft:
    """A day's entry as submitted (checked before anything is stored); `day` None is today."""

    pain: int
    sleep_broken: bool
    locations: Sequence[str] = ()
    helped: Sequence[str] = ()
    warning_signs: Sequence[str] = ()
    day: date | None = None


@dataclass(frozen=True)
class DiaryEntry:
    """A recorded day, with its ids in words."""

    day: date
    day_number: int
    pain: int
    sleep_broken: bool
    locations: tuple[Option, ...]
    helped: tuple[Option, ...]
    warning_signs: tuple[Option, ...]


@dataclass(frozen=True)
class DiaryView:
    """A diary as the interfaces show it: entries, advice, and what the check advised."""

    key: str
    started_on: date
    today: date
    expires_at: datetime
    pain_days_before: int
    checked_on: date | None
    check_level: str | None
    check_label: str | None
    condition_id: str | None
    condition_name: str | None
    entries: tuple[DiaryEntry, ...]
    advice: Advice
    label: str
    headline: str
    what_to_do: str
    open_days: tuple[date, ...]
    ttl_days: int
    disclaimer: str
    emergency_signs: tuple[str, ...]

    @property
    def check_was_more_urgent(self) -> bool:
        """Whether the check's advice was more urgent than the diary's now (then it stands)."""
        if self.check_level is None:
            return False
        ladder: tuple[str, ...] = URGENCIES
        return ladder.index(self.check_level) > ladder.index(self.advice.level)


@dataclass(frozen=True)
class Saved:
    """The diary after an entry: whether it replaced that day's, and whether it is an emergency."""

    diary: DiaryView
    day: date
    replaced: bool
    emergency: bool
