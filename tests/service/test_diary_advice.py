"""Every diary rule at its boundaries (pure: no database, no clock)."""

from __future__ import annotations

import pytest

from backcheck.knowledge import KnowledgeBase
from backcheck.knowledge.diary import DiaryKnowledge, load_diary
from backcheck.service.diary_advice import Advice, DayRecord, advise

D = DayRecord


@pytest.fixture(scope="module")
def diary(kb: KnowledgeBase) -> DiaryKnowledge:
    return load_diary(kb)


def rules(advice: Advice) -> list[tuple[str, str]]:
    return [(item.rule_id, item.level) for item in advice.items]


def run(diary: DiaryKnowledge, kb: KnowledgeBase, *records: DayRecord, before: int = 0) -> Advice:
    return advise(diary, kb, list(records), before)


KEEP_GOING = [("keep_going", "self_care")]
NOT_BETTER = [("not_better_after_a_week", "consultation")]


def test_nothing_recorded_or_first_day_says_keep_going(
    diary: DiaryKnowledge, kb: KnowledgeBase
) -> None:
    nothing = run(diary, kb)
    assert (nothing.level, rules(nothing), nothing.emergency) == ("self_care", KEEP_GOING, False)
    assert nothing.items[0].title == "Keep recording how it goes."
    assert rules(run(diary, kb, D(0, 7))) == KEEP_GOING


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ((D(0, 6), D(6, 6)), KEEP_GOING),  # day 6: not yet a week
        ((D(0, 6), D(7, 6)), NOT_BETTER),  # day 7: a week of home care, no better
        ((D(7, 6),), NOT_BETTER),  # first recorded on day 7, still in pain
        ((D(0, 10), D(7, 7)), KEEP_GOING),  # down 30%: better
        ((D(0, 10), D(7, 8)), NOT_BETTER),  # down 20%: not better
        ((D(0, 2), D(7, 0)), KEEP_GOING),  # gone
    ],
)
def test_not_better_after_a_week(
    diary: DiaryKnowledge, kb: KnowledgeBase, records: tuple[DayRecord, ...], expected: object
) -> None:
    assert rules(run(diary, kb, *records)) == expected


def test_not_better_explains_itself(diary: DiaryKnowledge, kb: KnowledgeBase) -> None:
    item = run(diary, kb, D(0, 6), D(7, 6)).items[0]
    assert (item.title, item.detail, item.sources) == (
        "It is not better after a week of home care.",
        "On day 7 of the diary your pain is 6 out of 10; it was 6 on the first day you recorded.",
        ("cleveland", "dignity"),
    )


NIGHT = [("night_pain", "consultation")]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ((D(0, 3, True), D(1, 4, True), D(2, 3)), KEEP_GOING),  # two nights
        ((D(0, 3, True), D(1, 4, True), D(2, 3, True)), NIGHT),  # three nights
        ((D(0, 3, True), D(3, 4, True), D(7, 1, True)), KEEP_GOING),  # not within a week
        ((D(1, 3, True), D(3, 4, True), D(7, 1, True)), NIGHT),  # three in the last 7 days
    ],
)
def test_pain_waking_them_at_night(
    diary: DiaryKnowledge, kb: KnowledgeBase, records: tuple[DayRecord, ...], expected: object
) -> None:
    assert rules(run(diary, kb, *records)) == expected


def test_night_pain_detail(diary: DiaryKnowledge, kb: KnowledgeBase) -> None:
    records = [D(day, 4, sleep_broken=True) for day in range(3)]
    item = run(diary, kb, *records).items[0]
    assert item.detail == "Pain broke your sleep on 3 of the nights recorded in the last 7 days."


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((4, 5), KEEP_GOING),  # one point up: day-to-day variation
        ((4, 6), [("getting_worse", "consultation_24")]),  # two points up
        ((4, 2, 6), [("getting_worse", "consultation_24")]),  # against the first day
        ((6,), KEEP_GOING),
    ],
)
def test_worsening_despite_care(
    diary: DiaryKnowledge, kb: KnowledgeBase, scores: tuple[int, ...], expected: object
) -> None:
    records = [D(day, pain) for day, pain in enumerate(scores)]
    assert rules(run(diary, kb, *records)) == expected


@pytest.mark.parametrize(
    ("before", "latest_day", "pain", "expected"),
    [
        (7, 20, 2, KEEP_GOING),  # 27 days of pain
        (7, 21, 2, [("lasting_beyond_four_weeks", "consultation")]),  # 28 days
        (28, 0, 2, [("lasting_beyond_four_weeks", "consultation")]),  # 4 to 6 weeks at the check
        (42, 3, 0, KEEP_GOING),  # long, but gone now
    ],
)
def test_pain_beyond_four_weeks(
    diary: DiaryKnowledge,
    kb: KnowledgeBase,
    before: int,
    latest_day: int,
    pain: int,
    expected: object,
) -> None:
    records = [D(max(0, latest_day - 1), pain + 2), D(latest_day, pain)]  # easing
    if latest_day == 0:
        records = [D(0, pain)]
    assert rules(run(diary, kb, *records, before=before)) == expected


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((6, 5), KEEP_GOING),  # two entries: too few for a trend
        ((6, 5, 4), [("steady_improvement", "self_care")]),
        ((6, 6, 4), [("steady_improvement", "self_care")]),
        ((6, 7, 4), KEEP_GOING),  # up and down
        ((5, 5, 5), KEEP_GOING),  # level
        ((9, 8, 6, 6, 5), [("steady_improvement", "self_care")]),
    ],
)
def test_steady_improvement_says_keep_going(
    diary: DiaryKnowledge, kb: KnowledgeBase, scores: tuple[int, ...], expected: object
) -> None:
    records = [D(day, pain) for day, pain in enumerate(scores)]
    advice = run(diary, kb, *records)
    assert rules(advice) == expected


def test_improvement_is_not_claimed_beside_another_rule(
    diary: DiaryKnowledge, kb: KnowledgeBase
) -> None:
    records = [D(0, 8, True), D(1, 7, True), D(2, 6, True)]
    assert rules(run(diary, kb, *records)) == NIGHT


def test_a_warning_sign_means_emergency_care_at_once(
    diary: DiaryKnowledge, kb: KnowledgeBase
) -> None:
    chest = run(diary, kb, D(0, 3), D(1, 3, warning_signs=("chest_pain",)))
    assert (chest.level, chest.emergency) == ("emergency", True)
    assert chest.items[0].detail.startswith("You ticked: chest pain. ")
    tearing = run(diary, kb, D(0, 3, warning_signs=("tearing_pain",)))
    assert tearing.level == "emergency_ambulance"
    heart = run(diary, kb, D(0, 3, warning_signs=("chest_pain", "sweating")))
    assert heart.level == "emergency_ambulance"  # the heart attack pattern asks for more
    earlier = run(diary, kb, D(0, 3, warning_signs=("chest_pain",)), D(1, 2))
    assert rules(earlier) == KEEP_GOING  # shown at the time; the latest entry decides now


@pytest.mark.parametrize("sign", ["chest_pain", "fainting", "saddle_numbness", "major_trauma"])
def test_each_warning_sign_alone_is_an_emergency(
    diary: DiaryKnowledge, kb: KnowledgeBase, sign: str
) -> None:
    assert sign in diary.warning_signs
    advice = run(diary, kb, D(0, 0, warning_signs=(sign,)))
    assert advice.level in ("emergency", "emergency_ambulance")
    assert rules(advice)[0][0] == "new_warning_sign"


def test_every_listed_warning_sign_is_an_emergency(
    diary: DiaryKnowledge, kb: KnowledgeBase
) -> None:
    levels = {
        sign: run(diary, kb, D(0, 0, warning_signs=(sign,))).level for sign in diary.warning_signs
    }
    assert set(levels.values()) <= {"emergency", "emergency_ambulance"}


def test_rules_escalate_together_most_urgent_first(
    diary: DiaryKnowledge, kb: KnowledgeBase
) -> None:
    records = [D(0, 4), D(5, 5, True), D(6, 6, True), D(7, 7, True, ("fainting",))]
    advice = run(diary, kb, *records, before=21)
    assert rules(advice) == [
        ("new_warning_sign", "emergency_ambulance"),
        ("getting_worse", "consultation_24"),
        ("night_pain", "consultation"),
        ("not_better_after_a_week", "consultation"),
        ("lasting_beyond_four_weeks", "consultation"),
    ]
