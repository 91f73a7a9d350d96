"""The simulated-patient harness: sampling, answering and self-consistency."""

from __future__ import annotations

from backcheck.engine import Engine
from backcheck.evaluation import Case, answer_for, sample_cases, simulate, summarise
from backcheck.knowledge import URGENCIES


def test_sampling_is_reproducible_and_complete(engine: Engine) -> None:
    first = sample_cases(engine, 20, seed=7)
    again = sample_cases(engine, 20, seed=7)
    assert first == again
    for case in first:
        assert case.expected_condition in engine.kb.conditions
        assert case.expected_triage in URGENCIES
        assert case.present.isdisjoint(case.absent)
        assert case.present | case.absent == set(engine.kb.findings)
        assert case.age is not None


def test_patient_answers_from_the_case(engine: Engine) -> None:
    case = Case("c", present=frozenset({"loc_mid_spine", "onset_sudden"}), absent=frozenset())
    location = engine.question("location")
    onset = engine.question("onset")
    worse = engine.question("worse")
    assert answer_for(location, case).value == ("loc_mid_spine",)
    assert answer_for(onset, case).value == "onset_sudden"
    assert answer_for(worse, case).value == "unknown"
    assert answer_for(engine.question("screen_general"), case).value == ()
    assert answer_for(engine.question("pain_migrating"), case).value == "unknown"


def test_simulated_interview_finds_a_clear_strain(engine: Engine) -> None:
    case = Case(
        "strain",
        age=30,
        sex="male",
        present=frozenset(
            {
                "loc_between_shoulder_blades",
                "began_after_lifting",
                "duration_1_to_7_days",
                "onset_hours",
                "severity_moderate",
                "worse_movement",
                "better_rest",
                "feel_aching",
                "heavy_manual_work",
            }
        ),
        expected_condition="muscle_strain",
        expected_triage="self_care",
    )
    result = simulate(engine, case)
    assert result.rank == 1
    assert result.triage == "self_care"
    assert 5 <= result.questions <= engine.kb.settings.interview.budget


def test_self_consistency_on_sampled_patients(engine: Engine) -> None:
    cases = sample_cases(engine, 120, seed=3)
    metrics = summarise([simulate(engine, case) for case in cases])
    assert metrics.cases == 120
    assert metrics.emergency_under_triaged == 0
    assert metrics.top3 is not None
    assert metrics.top3 >= 0.85
    assert metrics.questions_median <= 14
