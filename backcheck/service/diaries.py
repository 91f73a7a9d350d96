"""Pain-diary use cases: start one from a check, add a day's entry, read the advice, delete it.

A diary has no account: its secret key (256 random bits) is the link, and only the key's hash
is stored. An entry holds a pain score, ids from fixed lists and a yes/no; nothing typed freely
is accepted. Diaries never reach the statistics: nothing here records an assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from backcheck.errors import ConflictError, InvalidInputError
from backcheck.service.diary_advice import DayRecord, advise
from backcheck.service.diary_types import (
    BACKFILL_DAYS,
    MAX_PAIN,
    DiaryEntry,
    DiaryOptions,
    DiaryView,
    EntryDraft,
    Option,
    Saved,
)
from backcheck.service.interviews import InterviewService
from backcheck.service.runtime import Services
from backcheck.storage.diaries import (
    StoredDiary,
    StoredEntry,
    add_diary,
    delete_diary,
    get_diary,
    hash_key,
    list_entries,
    new_diary_key,
    put_entry,
)

__all__ = [
    "BACKFILL_DAYS",
    "MAX_PAIN",
    "DiaryEntry",
    "DiaryOptions",
    "DiaryService",
    "DiaryView",
    "EntryDraft",
    "Option",
    "Saved",
]


def _picked(values: Sequence[str], options: Sequence[Option], what: str, code: str) -> list[str]:
    """The ids chosen (in list order, once each), or InvalidInputError naming the bad ones."""
    allowed = [o.id for o in options]
    bad = [v for v in values if v not in allowed]
    if bad:
        raise InvalidInputError(
            f"Unknown {what}: {', '.join(str(b)[:60] for b in bad[:5])}. Choose from: "
            f"{', '.join(allowed)}.",
            code,
        )
    return [o for o in allowed if o in set(values)]


class DiaryService:
    """The diary use cases over the database and the diary rules of the knowledge base."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.kb = services.kb
        self.rules = services.diary

    def options(self) -> DiaryOptions:
        """What an entry offers: where it hurts, what helped, the warning signs."""
        group = self.kb.groups[self.kb.settings.scope.location_group]
        location = self.services.engine.question(group.id)
        findings = self.kb.findings
        return DiaryOptions(
            locations=tuple(Option(o.id, o.label) for o in location.options),
            helped=tuple(Option(o.id, o.label) for o in self.rules.helped),
            warning_signs=tuple(Option(f, findings[f].name) for f in self.rules.warning_signs),
        )

    # ----- reading -----

    def _now(self) -> datetime:
        return self.services.clock()

    def _view(self, key: str, diary: StoredDiary, entries: Sequence[StoredEntry]) -> DiaryView:
        options = self.options()
        words = {o.id: o for o in (*options.locations, *options.helped, *options.warning_signs)}
        shown = tuple(
            DiaryEntry(
                day=e.day,
                day_number=(e.day - diary.started_on).days,
                pain=e.pain,
                sleep_broken=e.sleep_broken,
                locations=tuple(words[i] for i in e.locations if i in words),
                helped=tuple(words[i] for i in e.helped if i in words),
                warning_signs=tuple(words[i] for i in e.warning_signs if i in words),
            )
            for e in entries
        )
        records = [
            DayRecord(e.day_number, e.pain, e.sleep_broken, tuple(w.id for w in e.warning_signs))
            for e in shown
        ]
        advice = advise(self.rules, self.kb, records, diary.pain_days_before)
        level = self.kb.settings.triage[advice.level]  # type: ignore[index]
        today = self._now().date()
        first = max(diary.started_on, today - timedelta(days=BACKFILL_DAYS))
        settings = self.kb.settings
        check = settings.triage[diary.check_level] if diary.check_level else None  # type: ignore[index]
        condition = self.kb.conditions.get(diary.condition_id or "")
        return DiaryView(
            key=key,
            started_on=diary.started_on,
            today=today,
            expires_at=diary.expires_at,
            pain_days_before=diary.pain_days_before,
            checked_on=diary.checked_on,
            check_level=diary.check_level,
            check_label=check.label if check is not None else None,
            condition_id=condition.id if condition is not None else None,
            condition_name=condition.name if condition is not None else None,
            entries=shown,
            advice=advice,
            label=level.label,
            headline=advice.items[0].title,
            what_to_do=level.advice,
            open_days=tuple(today - timedelta(days=n) for n in range((today - first).days + 1)),
            ttl_days=self.services.config.diary_ttl_days,
            disclaimer=settings.disclaimer,
            emergency_signs=tuple(settings.emergency_signs),
        )

    def get(self, key: str) -> DiaryView:
        """The diary a key opens: its entries and the advice now (NotFoundError otherwise)."""
        now = self._now()
        with self.services.db.session(readonly=True) as session:
            diary = get_diary(session, key, now)
            entries = list_entries(session, diary.key_hash, now)
        return self._view(key, diary, entries)

    # ----- writing -----

    def start(self, interview_id: str | None = None, duration: str | None = None) -> DiaryView:
        """Start a diary, from a finished check or on its own; the view carries the new key.

        From a check it keeps the check's level, its likeliest condition and how long the pain
        had lasted; `duration` (a duration finding id) says that when there is no check.
        """
        days = self.rules.duration_days
        if duration is not None and duration not in days:
            raise InvalidInputError(
                f"Unknown duration {duration[:60]!r}. Choose from: {', '.join(days)}.",
                "invalid_duration",
            )
        now = self._now()
        level = condition = checked = None
        if interview_id is not None:
            view = InterviewService(self.services).get(interview_id)
            if view.status != "done" or view.screen != "results":
                raise ConflictError(
                    "A diary can be started once the check is finished.", "interview_not_finished"
                )
            level = view.triage.level
            condition = view.conditions[0].id if view.conditions else None
            checked = (view.checked_at or now).date()
            stated = [e.id for e in view.evidence if e.state == "present" and e.id in days]
            duration = duration or (stated[0] if stated else None)
        key = new_diary_key()
        diary = StoredDiary(
            key_hash=hash_key(key),
            created_at=now,
            expires_at=now + timedelta(days=self.services.config.diary_ttl_days),
            started_on=now.date(),
            pain_days_before=days[duration].value if duration is not None else 0,
            checked_on=checked,
            check_level=level,
            condition_id=condition,
        )
        with self.services.db.session() as session:
            add_diary(session, diary)
        return self._view(key, diary, [])

    def add_entry(self, key: str, draft: EntryDraft) -> Saved:
        """Record a day (replacing that day's entry, if any); InvalidInputError says what is off."""
        if isinstance(draft.pain, bool) or not isinstance(draft.pain, int):
            raise InvalidInputError("Pain must be a whole number from 0 to 10.", "invalid_pain")
        if not 0 <= draft.pain <= MAX_PAIN:
            raise InvalidInputError(
                "Pain must be a whole number from 0 (no pain) to 10 (the worst imaginable).",
                "invalid_pain",
            )
        options = self.options()
        locations = _picked(draft.locations, options.locations, "place", "invalid_location")
        helped = _picked(draft.helped, options.helped, "help", "invalid_helped")
        signs = _picked(draft.warning_signs, options.warning_signs, "warning sign",
                        "invalid_warning_sign")  # fmt: skip
        now = self._now()
        ttl = timedelta(days=self.services.config.diary_ttl_days)
        with self.services.db.session() as session:
            diary = get_diary(session, key, now)
            day = draft.day or now.date()
            first = max(diary.started_on, now.date() - timedelta(days=BACKFILL_DAYS))
            if not first <= day <= now.date():
                raise InvalidInputError(
                    f"An entry can be for a day from {first.day} {first:%B} to today "
                    f"({now.day} {now:%B %Y}).",
                    "invalid_day",
                )
            entry = StoredEntry(day, now, now + ttl, draft.pain, tuple(locations),
                                bool(draft.sleep_broken), tuple(helped), tuple(signs))  # fmt: skip
            replaced = put_entry(session, diary.key_hash, entry)
            diary = get_diary(session, key, now)  # kept longer now
            entries = list_entries(session, diary.key_hash, now)
        view = self._view(key, diary, entries)
        return Saved(view, day, replaced, emergency=bool(signs))

    def delete(self, key: str) -> None:
        """Delete the diary and every entry at once (NotFoundError if there is none)."""
        now = self._now()
        with self.services.db.session() as session:
            diary = get_diary(session, key, now)
            delete_diary(session, diary.key_hash)
