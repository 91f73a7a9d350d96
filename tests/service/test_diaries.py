"""Diary use cases over a real database (SQLite and PostgreSQL), days simulated with the clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from backcheck.config import Config
from backcheck.errors import BackcheckError, ConflictError, InvalidInputError, NotFoundError
from backcheck.knowledge import KnowledgeBase
from backcheck.service import InterviewService, Services, StatisticsService, build_services
from backcheck.service.diaries import DiaryService, DiaryView, EntryDraft
from tests.support.checks import finish_check

START = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)


class Clock:
    """The services' clock, moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def day(self, n: int) -> None:
        self.now = START + timedelta(days=n)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def services(
    kb: KnowledgeBase, database_url: str, tmp_path: Path, clock: Clock
) -> Iterator[Services]:
    config = Config(environment="test", data_dir=tmp_path, database_url=database_url)
    built = build_services(config, kb=kb)
    built.clock = clock
    yield built
    built.db.dispose()


def rules(view: DiaryView) -> list[str]:
    return [item.rule_id for item in view.advice.items]


def test_a_diary_from_a_check_escalates_over_the_days(services: Services, clock: Clock) -> None:
    check = finish_check(services)
    diaries = DiaryService(services)
    view = diaries.start(check.id)
    assert len(view.key) == 43
    assert (view.started_on, view.checked_on is not None, view.check_level) == (
        date(2026, 12, 1), True, "self_care",
    )  # fmt: skip
    assert (view.condition_id, view.pain_days_before) == ("muscle_strain", 1)
    assert (view.entries, rules(view), view.label) == ((), ["keep_going"], "Care for it at home")
    assert view.expires_at == START + timedelta(days=90)

    def day(n: int, pain: int, sleep: bool = False, signs: tuple[str, ...] = ()) -> DiaryView:
        clock.day(n)
        draft = EntryDraft(pain=pain, sleep_broken=sleep, locations=["loc_mid_spine"],
                           helped=["heat", "rest"], warning_signs=signs)  # fmt: skip
        saved = diaries.add_entry(view.key, draft)
        assert saved.day == clock.now.date()
        return saved.diary

    assert rules(day(0, 6)) == ["keep_going"]
    assert rules(day(3, 6, sleep=True)) == ["keep_going"]
    assert rules(day(6, 6, sleep=True)) == ["keep_going"]  # two nights, six days
    week = day(7, 6)
    assert (rules(week), week.label) == (["not_better_after_a_week"], "Book a visit with a doctor")
    nights = day(8, 6, sleep=True)
    assert rules(nights) == ["night_pain", "not_better_after_a_week"]
    worse = day(9, 8, sleep=True)
    assert rules(worse) == ["getting_worse", "night_pain", "not_better_after_a_week"]
    assert worse.label == "See a doctor within 24 hours"
    clock.day(10)
    alarm = diaries.add_entry(view.key, EntryDraft(8, True, warning_signs=["tearing_pain"]))
    assert alarm.emergency is True
    assert (alarm.diary.advice.level, rules(alarm.diary)[0]) == (
        "emergency_ambulance", "new_warning_sign",
    )  # fmt: skip
    assert [e.day_number for e in alarm.diary.entries] == [0, 3, 6, 7, 8, 9, 10]
    assert alarm.diary.entries[-1].warning_signs[0].label == "Tearing or ripping pain"
    assert diaries.get(view.key).advice == alarm.diary.advice


def test_an_entry_replaces_that_days_and_past_days_can_be_filled(
    services: Services, clock: Clock
) -> None:
    diaries = DiaryService(services)
    key = diaries.start().key
    clock.day(3)
    first = diaries.add_entry(key, EntryDraft(5, False))
    again = diaries.add_entry(key, EntryDraft(4, True, helped=["ice"]))
    assert (first.replaced, again.replaced) == (False, True)
    assert [(e.day_number, e.pain, e.sleep_broken) for e in again.diary.entries] == [(3, 4, True)]
    missed = diaries.add_entry(key, EntryDraft(6, False, day=date(2026, 12, 2)))
    assert [e.day_number for e in missed.diary.entries] == [1, 3]
    assert missed.diary.open_days == tuple(date(2026, 12, d) for d in (4, 3, 2, 1))


@pytest.mark.parametrize(
    ("draft", "code"),
    [
        (EntryDraft(11, False), "invalid_pain"),
        (EntryDraft(-1, False), "invalid_pain"),
        (EntryDraft(True, False), "invalid_pain"),
        (EntryDraft(5, False, locations=["my whole back hurts"]), "invalid_location"),
        (EntryDraft(5, False, helped=["yoga with my friend Anna"]), "invalid_helped"),
        (EntryDraft(5, False, warning_signs=["fever"]), "invalid_warning_sign"),
        (EntryDraft(5, False, day=date(2026, 12, 9)), "invalid_day"),  # tomorrow
        (EntryDraft(5, False, day=date(2026, 11, 30)), "invalid_day"),  # before the diary
        (EntryDraft(5, False, day=date(2026, 12, 1)), "invalid_day"),  # more than 6 days back
    ],
)
def test_bad_entries_are_refused_and_nothing_is_stored(
    services: Services, clock: Clock, draft: EntryDraft, code: str
) -> None:
    diaries = DiaryService(services)
    key = diaries.start().key
    clock.day(7)
    diaries.add_entry(key, EntryDraft(3, False))
    with pytest.raises(InvalidInputError) as info:
        diaries.add_entry(key, draft)
    assert info.value.code == code
    assert [(e.day_number, e.pain) for e in diaries.get(key).entries] == [(7, 3)]


def test_the_refusal_says_what_to_choose(services: Services) -> None:
    diaries = DiaryService(services)
    key = diaries.start().key
    with pytest.raises(InvalidInputError) as info:
        diaries.add_entry(key, EntryDraft(5, False, helped=["yoga"]))
    assert info.value.message == (
        "Unknown help: yoga. Choose from: rest, ice, heat, pain_reliever, stretching, massage, "
        "posture, relaxation."
    )


def test_starting_needs_a_finished_check_or_a_known_duration(services: Services) -> None:
    diaries = DiaryService(services)
    started = InterviewService(services).start(age=40, sex="female")
    with pytest.raises(ConflictError):
        diaries.start(started.id)
    with pytest.raises(NotFoundError):
        diaries.start("x" * 43)
    with pytest.raises(InvalidInputError) as bad:
        diaries.start(duration="since Tuesday")
    assert bad.value.code == "invalid_duration"
    long = diaries.start(duration="duration_4_to_6_weeks")
    assert (long.pain_days_before, long.check_level, long.condition_id) == (28, None, None)
    diaries.add_entry(long.key, EntryDraft(3, False))
    assert rules(diaries.get(long.key)) == ["lasting_beyond_four_weeks"]


def test_deleting_is_immediate_and_expiry_is_a_setting(
    services: Services, clock: Clock, kb: KnowledgeBase, tmp_path: Path
) -> None:
    diaries = DiaryService(services)
    key = diaries.start().key
    diaries.add_entry(key, EntryDraft(3, False))
    diaries.delete(key)
    for action in (lambda: diaries.get(key), lambda: diaries.delete(key)):
        with pytest.raises(NotFoundError) as gone:
            action()
        assert gone.value.code == "diary_not_found"
    kept = diaries.start().key
    diaries.add_entry(kept, EntryDraft(3, False))
    clock.day(89)
    assert len(diaries.get(kept).entries) == 1
    clock.day(90)
    with pytest.raises(NotFoundError):
        diaries.get(kept)
    services.cleanup()
    with services.db.engine.connect() as connection:
        counts = [connection.execute(text(f"select count(*) from {t}")).scalar()
                  for t in ("diaries", "diary_entries")]  # fmt: skip
    assert counts == [0, 0]


def test_diaries_never_reach_the_statistics(services: Services, clock: Clock) -> None:
    check = finish_check(services)
    stats = StatisticsService(services, ttl_seconds=0)
    before = stats.get().total
    diaries = DiaryService(services)
    for n in range(3):
        key = diaries.start(check.id).key
        clock.day(n)
        diaries.add_entry(key, EntryDraft(7, True, warning_signs=["chest_pain"]))
    assert (before, stats.get().total) == (1, 1)
    with services.db.engine.connect() as connection:
        assert connection.execute(text("select count(*) from assessments")).scalar() == 1


def test_errors_are_of_the_one_tree(services: Services) -> None:
    with pytest.raises(BackcheckError) as info:
        DiaryService(services).get("not a key")
    assert (type(info.value).__name__, info.value.code) == ("DiaryNotFoundError", "diary_not_found")
