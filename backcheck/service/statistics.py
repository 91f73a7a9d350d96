"""Symptom-checker statistics from completed assessments; small groups are never shown."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from backcheck.errors import InvalidInputError
from backcheck.service.runtime import Services
from backcheck.storage import group_counts

__all__ = ["DURATION_LABELS", "Bar", "Statistics", "StatisticsService"]

DURATION_LABELS = {
    "lt_1_day": "Less than a day",
    "lt_1_week": "Less than a week",
    "1_4_weeks": "1 to 4 weeks",
    "over_1_month": "Over a month",
}


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what, how many, and the share of the group."""

    id: str
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class Statistics:
    """Aggregates for one group (all, or an age band and/or sex)."""

    age_band: str | None
    sex: str | None
    total: int
    shown: bool
    min_group: int
    demo: int
    also_reported: tuple[Bar, ...]
    matched: tuple[Bar, ...]
    durations: tuple[Bar, ...]
    message: str


class StatisticsService:
    """Statistics with a short in-process cache (aggregates are cheap but not free)."""

    def __init__(self, services: Services, ttl_seconds: float = 30.0) -> None:
        self.services = services
        self.ttl = ttl_seconds
        self._cache: dict[tuple[str | None, str | None], tuple[float, Statistics]] = {}
        self._lock = threading.Lock()
        kb = services.kb
        exclusive = {o for g in kb.groups.values() if g.select == "one" for o in g.options}
        location = set(kb.groups[kb.settings.scope.location_group].options)
        self._reportable = [
            f.id
            for f in kb.findings.values()
            if f.kind in ("symptom", "sign") and f.id not in exclusive and f.id not in location
        ]

    def get(self, age_band: str | None = None, sex: str | None = None) -> Statistics:
        """Statistics for a group; hidden (shown=False) when it has fewer than min_group."""
        kb = self.services.kb
        bands = kb.groups["age_band"].options
        if age_band is not None and age_band not in bands:
            raise InvalidInputError(
                f"age_band must be one of {', '.join(bands)}.", "invalid_age_band"
            )
        if sex not in (None, "female", "male"):
            raise InvalidInputError("sex must be 'female' or 'male'.", "invalid_sex")
        key = (age_band, sex)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and now - cached[0] < self.ttl:
                return cached[1]
        stats = self._compute(age_band, sex)
        with self._lock:
            self._cache[key] = (now, stats)
        return stats

    def clear(self) -> None:
        """Forget cached figures (after new assessments, in tests)."""
        with self._lock:
            self._cache.clear()

    def _compute(self, age_band: str | None, sex: str | None) -> Statistics:
        kb = self.services.kb
        minimum = self.services.config.min_group_size
        with self.services.db.session() as session:
            counts = group_counts(
                session, age_band=age_band, sex=sex, finding_ids=self._reportable, limit=8
            )
        if counts.total < minimum:
            return Statistics(
                age_band, sex, counts.total, False, minimum, counts.demo, (), (), (),
                f"Fewer than {minimum} assessments match this group, so its figures are hidden "
                "to protect privacy.",
            )  # fmt: skip

        def bar(fid: str, label: str, n: int) -> Bar:
            return Bar(fid, label, n, round(100.0 * n / counts.total, 1))

        findings = tuple(bar(f, kb.findings[f].name, n) for f, n in counts.findings)
        matched = tuple(
            bar(c, kb.conditions[c].name, n) for c, n in counts.conditions if c in kb.conditions
        )
        by_bucket = dict(counts.durations)
        durations = tuple(
            bar(b, label, by_bucket.get(b, 0)) for b, label in DURATION_LABELS.items()
        )
        return Statistics(
            age_band,
            sex,
            counts.total,
            True,
            minimum,
            counts.demo,
            findings,
            matched,
            durations,
            "",
        )
