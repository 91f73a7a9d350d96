"""Interview, statistics and report use cases over a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from backcheck.engine import Engine
from backcheck.errors import BackcheckError
from backcheck.evaluation import interview, sample_cases
from backcheck.http import status_of
from backcheck.service import (
    InterviewService,
    Services,
    StatisticsService,
    build_report,
)
from backcheck.service.interviews import age_band_of
from backcheck.service.records import Finished, store_finished


def test_back_change_and_finish(services: Services) -> None:
    svc = InterviewService(services)
    view = svc.start(age=44, sex="male", locations=["loc_right_shoulder_blade"], channel="web")
    assert (view.status, view.screen, view.step, view.question.id if view.question else None) == (
        "in_progress", "describe", 1, "screen_emergency",
    )  # fmt: skip
    view = svc.answer(view.id, "screen_emergency", [], step=1)
    view = svc.answer(view.id, "screen_nerves", [], step=2)
    assert view.step == 3
    back = svc.back(view.id)
    assert (back.step, back.question.id if back.question else None) == (2, "screen_nerves")
    changed = svc.change(view.id, "screen_emergency", ["nausea"])
    assert changed.step == 2
    assert changed.assessment.triage.level in ("consultation_24", "emergency")
    assert changed.emergency is (changed.assessment.triage.emergency_flag)
    done = svc.finish(view.id)
    assert done.status == "done"
    assert done.question is None
    again = svc.get(view.id)
    assert again.status == "done"
    with pytest.raises(BackcheckError) as info:
        svc.answer(view.id, "screen_nerves", [])
    assert (status_of(info.value), info.value.code) == (409, "interview_done")


def test_emergency_is_flagged_and_acknowledged(services: Services) -> None:
    svc = InterviewService(services)
    view = svc.start(age=66, sex="male", locations=["loc_between_shoulder_blades"])
    view = svc.answer(view.id, "screen_emergency", ["tearing_pain"])
    assert view.emergency is True
    assert view.assessment.triage.level == "emergency_ambulance"
    assert view.emergency_acknowledged is False
    seen = svc.acknowledge_emergency(view.id)
    assert seen.emergency_acknowledged is True
    assert seen.question is not None


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"age": 121, "sex": None}, "invalid_age"),
        ({"age": 30, "sex": "x"}, "invalid_sex"),
        ({"age": 30, "sex": "male", "pregnant": True}, "invalid_pregnancy"),
        ({"age": 30, "sex": None, "locations": ["loc_knee"]}, "invalid_location"),
    ],
)
def test_start_refuses_bad_input(services: Services, kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(BackcheckError) as info:
        InterviewService(services).start(**kwargs)  # type: ignore[arg-type]
    assert info.value.code == code


def test_unknown_ids_and_answers(services: Services) -> None:
    svc = InterviewService(services)
    with pytest.raises(BackcheckError) as missing:
        svc.get("x" * 43)
    assert status_of(missing.value) == 404
    view = svc.start(age=30, sex="female")
    with pytest.raises(BackcheckError) as bad:
        svc.answer(view.id, "location", ["loc_nowhere"])
    assert bad.value.code == "invalid_answer"
    assert svc.get(view.id).step == 0


def test_statistics_hide_small_groups_and_label_demo(services: Services, engine: Engine) -> None:
    stats = StatisticsService(services, ttl_seconds=0)
    assert stats.get().shown is False
    cases = sample_cases(engine, 25, seed=5)
    items = []
    for case in cases:
        assessment, shown = interview(engine, case)
        items.append(
            Finished(assessment, age_band_of(case.age), case.sex, len(shown), "demo", True)
        )
    assert store_finished(services, items) == 25
    everyone = stats.get()
    assert (everyone.shown, everyone.total, everyone.demo) == (True, 25, 25)
    assert sum(b.count for b in everyone.durations) <= 25
    assert all(0 < b.percent <= 100 for b in everyone.also_reported)
    assert everyone.matched[0].count >= everyone.matched[-1].count
    small = stats.get(sex="male")
    assert small.shown is False
    assert small.also_reported == ()
    with pytest.raises(BackcheckError):
        stats.get(age_band="age_200")


def test_report_puts_urgency_first_and_explains(services: Services) -> None:
    svc = InterviewService(services)
    view = svc.start(age=35, sex="male", locations=["loc_between_shoulder_blades"])
    report = build_report(services.engine, view.assessment, view.patient)
    assert report.triage.level == view.assessment.triage.level
    assert report.emergency_signs
    assert report.disclaimer.startswith("backcheck is not a diagnosis")
    assert 1 <= len(report.conditions) <= 5
    assert all(c.in_ten.endswith("in 10") for c in report.conditions)
