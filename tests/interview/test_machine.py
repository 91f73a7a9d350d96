"""The interview state machine: screens, answers, changes, progress, one engine step each."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcheck.engine import Engine, EvidenceInput, Patient, Step
from backcheck.errors import ConflictError, InvalidInputError, NotFoundError
from backcheck.evaluation import answer_for, sample_cases
from backcheck.interview import Interview, InterviewState, Turn, progress_after
from backcheck.knowledge import KnowledgeBase


class CountingEngine(Engine):
    """The real engine, counting its steps."""

    steps = 0

    def step(
        self,
        evidence: EvidenceInput | None = None,
        patient: Patient | None = None,
        asked: Collection[str] = (),
        text: bool = False,
    ) -> Step:
        type(self).steps += 1
        return super().step(evidence, patient, asked, text)


@pytest.fixture(scope="module")
def counting(kb: KnowledgeBase) -> CountingEngine:
    return CountingEngine(kb)


@pytest.fixture(scope="module")
def machine(engine: Engine) -> Interview:
    return Interview(engine)


def screens(turn: Turn) -> tuple[str, str | None, int]:
    return turn.screen.kind, turn.state.current, turn.screen.step


def test_who_is_asked_what_first(machine: Interview) -> None:
    firsts = {
        who: screens(machine.start(Patient(age=age, sex=sex)))  # type: ignore[arg-type]
        for who, age, sex in [
            ("man", 40, "male"), ("woman", 30, "female"), ("older woman", 70, "female"),
            ("child", 9, "female"), ("unsaid", 40, None),
        ]
    }  # fmt: skip
    assert firsts == {
        "man": ("question", "location", 0),
        "woman": ("question", "pregnant", 0),
        "older woman": ("question", "location", 0),
        "child": ("under_18", None, 0),
        "unsaid": ("question", "pregnant", 0),
    }
    child = machine.start(Patient(age=9))
    assert (child.state.finished, child.screen.question, child.screen.progress) == (True, None, 1.0)


def test_own_words_come_after_where_it_hurts_and_can_be_skipped(machine: Interview) -> None:
    turn = machine.start(Patient(age=40, sex="male"))
    turn = machine.answer(turn.state, "location", ("loc_mid_spine",))
    assert screens(turn) == ("describe", "screen_emergency", 1)
    skipped = machine.skip_description(turn.state)
    assert (screens(skipped), skipped.state.described) == (
        ("question", "screen_emergency", 1),
        True,
    )
    straight_on = machine.answer(turn.state, "screen_emergency", ())
    assert (screens(straight_on), straight_on.state.described) == (
        ("question", "screen_nerves", 2), True,
    )  # fmt: skip


def test_what_the_words_say_can_be_forgotten(machine: Interview, engine: Engine) -> None:
    turn = machine.start(Patient(age=40, sex="male"))
    turn = machine.answer(turn.state, "location", ("loc_mid_spine",))
    fever = engine.normalise({"fever": "present"}, Patient())["fever"]
    described = machine.describe(turn.state, [fever])
    assert [i.id for i in described.state.understood] == ["fever"]
    assert "fever" in [e.id for e in described.screen.assessment.evidence]
    forgotten = machine.forget(described.state, "fever")
    assert forgotten.state.understood == ()
    with pytest.raises(NotFoundError) as missing:
        machine.forget(forgotten.state, "fever")
    assert missing.value.code == "not_understood"


def test_an_emergency_interrupts_once(machine: Interview) -> None:
    turn = machine.start(Patient(age=60, sex="male"))
    turn = machine.answer(turn.state, "location", ("loc_mid_spine",))
    turn = machine.answer(turn.state, "screen_emergency", ("tearing_pain",))
    assert (screens(turn), turn.screen.emergency) == (("emergency", "screen_nerves", 2), True)
    assert turn.screen.assessment.triage.level == "emergency_ambulance"
    seen = machine.acknowledge(turn.state)
    assert screens(seen) == ("question", "screen_nerves", 2)
    assert seen.screen.emergency is True  # still an emergency, but no longer interrupting
    finished = machine.finish(turn.state)
    assert (screens(finished), finished.state.finished) == (("results", None, 2), True)


def test_answers_are_checked_against_the_question_on_screen(machine: Interview) -> None:
    turn = machine.start(Patient(age=40, sex="male"))
    with pytest.raises(ConflictError) as wrong:
        machine.answer(turn.state, "screen_nerves", ())
    assert wrong.value.code == "not_current_question"
    with pytest.raises(InvalidInputError) as bad:
        machine.answer(turn.state, "location", ("loc_knee",))
    assert bad.value.code == "invalid_answer"
    done = machine.finish(turn.state)
    with pytest.raises(ConflictError) as late:
        machine.answer(done.state, "screen_nerves", ())
    assert late.value.code == "interview_done"


def test_change_back_and_replay(machine: Interview) -> None:
    turn = machine.start(Patient(age=40, sex="male"))
    for qid, value in (("location", ("loc_mid_spine",)), ("screen_emergency", ())):
        turn = machine.answer(turn.state, qid, value)
    turn = machine.answer(turn.state, "screen_nerves", ())
    replay = machine.answer(turn.state, "screen_nerves", (), step=2)
    assert replay.state == turn.state  # the same form sent twice changes nothing
    changed = machine.change(turn.state, "screen_emergency", ("chest_pain",))
    assert [a.question_id for a in changed.state.answers] == ["location", "screen_emergency"]
    assert changed.screen.kind == "emergency"
    asked_then = turn.state.answers[2].progress
    back = machine.back(turn.state)
    assert (screens(back), back.state.progress) == (("question", "screen_nerves", 2), asked_then)
    with pytest.raises(ConflictError) as never:
        machine.change(turn.state, "duration", "duration_under_1_day")
    assert never.value.code == "not_answered"
    reopened = machine.change(machine.finish(turn.state).state, "screen_nerves", ())
    assert (reopened.state.finished, reopened.screen.kind) == (False, "question")


def test_one_engine_step_per_operation(kb: KnowledgeBase, counting: CountingEngine) -> None:
    machine = Interview(counting)
    before = CountingEngine.steps
    turn = machine.start(Patient(age=40, sex="male"))
    turn = machine.answer(turn.state, "location", ("loc_mid_spine",))
    turn = machine.skip_description(turn.state)
    turn = machine.answer(turn.state, "screen_emergency", ())
    turn = machine.back(turn.state)
    turn = machine.change(turn.state, "location", ("loc_neck_base",))
    machine.finish(turn.state)
    assert CountingEngine.steps - before == 7


def test_progress_is_answered_over_answered_plus_left() -> None:
    assert [progress_after(n, left) for n, left in ((0, 9), (3, 7), (9, 1))] == [
        0.0, 0.3, 0.9,
    ]  # fmt: skip
    assert progress_after(5, 20, floor=0.6) == 0.6  # never below what was shown
    assert progress_after(50, 0) == 0.99  # 1.0 only on the results


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), replies=st.sampled_from(["dont_know", "closed_world"]))
def test_progress_never_goes_backwards(engine: Engine, seed: int, replies: str) -> None:
    machine = Interview(engine)
    case = sample_cases(engine, 1, seed=seed)[0]
    turn = machine.start(case.patient)
    shown: list[float] = []
    while turn.screen.kind not in ("results", "under_18"):
        if turn.screen.kind == "describe":
            turn = machine.skip_description(turn.state)
            continue
        if turn.screen.kind == "emergency":
            turn = machine.acknowledge(turn.state)
            continue
        shown.append(turn.screen.progress)
        assert turn.screen.questions_left >= 1
        question = turn.screen.question
        assert question is not None
        answer = answer_for(question, case, replies)  # type: ignore[arg-type]
        turn = machine.answer(turn.state, answer.question_id, answer.value)
    assert shown == sorted(shown)
    assert all(0.0 <= p < 1.0 for p in shown)
    assert turn.screen.progress == 1.0


def test_state_is_plain_data(machine: Interview) -> None:
    state = machine.start(Patient(age=40, sex="male")).state
    assert isinstance(state, InterviewState)
    assert replace(state) == state
    assert state.asked == ()
