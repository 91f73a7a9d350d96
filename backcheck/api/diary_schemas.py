"""Request and response bodies of `/api/v1/diaries` (read from the service's objects)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from backcheck.api.schemas import Level, OptionOut

__all__ = [
    "AdviceItemOut",
    "AdviceOut",
    "DiaryCreate",
    "DiaryEntryOut",
    "DiaryOptionsOut",
    "DiaryOut",
    "EntryIn",
    "SavedOut",
]

Id = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")]
Ids = list[Id]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DiaryCreate(_In):
    """Start a diary from a finished check (its id), or alone with how long the pain has lasted."""

    interview_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="A finished interview's id."
    )
    duration: Id | None = Field(
        default=None,
        description="How long the pain had lasted, as a duration finding id (see /options); "
        "taken from the check when there is one.",
    )


class EntryIn(_In):
    """A day's entry: numbers, yes/no and ids from /api/v1/diaries/options; no free text."""

    day: date | None = Field(
        default=None, description="The day it is for (default today; up to 6 days back)."
    )
    pain: int = Field(strict=True, ge=0, le=10, description="0 = no pain, 10 = worst imaginable.")
    sleep_broken: bool = Field(strict=True, description="Whether pain broke last night's sleep.")
    locations: Ids = Field(default=[], max_length=20, description="Where it hurts (ids).")
    helped: Ids = Field(default=[], max_length=20, description="What helped (ids).")
    warning_signs: Ids = Field(
        default=[], max_length=20, description="New warning signs (ids); any means emergency."
    )


class DiaryOptionsOut(_Out):
    """The fixed lists an entry chooses from, and the durations a diary can start with."""

    locations: list[OptionOut]
    helped: list[OptionOut]
    warning_signs: list[OptionOut]
    durations: list[str]
    pain_min: int = 0
    pain_max: int = 10


class AdviceItemOut(_Out):
    """One rule that holds now (or the keep-going message), with the seeds it rests on."""

    rule_id: str
    kind: str
    level: Level
    title: str
    advice: str
    detail: str
    sources: list[str]


class AdviceOut(_Out):
    """The advice now: the most urgent level and every item, most urgent first."""

    level: Level
    emergency: bool = Field(description="A warning sign: show the emergency advice at once.")
    items: list[AdviceItemOut]


class DiaryEntryOut(_Out):
    """A recorded day (day_number 0 is the day the diary started)."""

    day: date
    day_number: int
    pain: int
    sleep_broken: bool
    locations: list[OptionOut]
    helped: list[OptionOut]
    warning_signs: list[OptionOut]


class DiaryOut(_Out):
    """A diary: its entries, the advice now, and what the check it came from advised.

    `key` is the diary's secret: whoever has it can read, add to and delete the diary.
    """

    key: str
    started_on: date
    today: date
    expires_at: datetime
    pain_days_before: int
    checked_on: date | None
    check_level: Level | None
    check_label: str | None
    check_was_more_urgent: bool
    condition_id: str | None
    condition_name: str | None
    label: str
    headline: str
    what_to_do: str
    advice: AdviceOut
    entries: list[DiaryEntryOut]
    open_days: list[date]
    ttl_days: int
    disclaimer: str
    emergency_signs: list[str]


class SavedOut(_Out):
    """An entry was stored: for which day, whether it replaced that day's, and the diary now."""

    day: date
    replaced: bool
    emergency: bool
    diary: DiaryOut
