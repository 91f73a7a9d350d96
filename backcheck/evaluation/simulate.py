"""Simulated patients: run the whole interview with a patient who answers from a case."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from backcheck.engine import Answer, Assessment, Engine, EvidenceItem, Patient, Question, State
from backcheck.engine.model import AGE_BANDS
from backcheck.engine.triage import fired_rules
from backcheck.interview import Interview, Screen
from backcheck.knowledge import URGENCIES, urgency_rank

#: How a simulated patient answers what its case does not state.
Replies = Literal["dont_know", "closed_world"]
REPLIES: tuple[Replies, ...] = ("dont_know", "closed_world")

__all__ = [
    "REPLIES",
    "Case",
    "Replies",
    "RunResult",
    "answer_for",
    "expected_level",
    "interview",
    "reply_json",
    "sample_cases",
    "simulate",
]


@dataclass(frozen=True)
class Case:
    """A patient: who they are, the findings present and absent, and what is expected."""

    id: str
    age: int | None = None
    sex: str | None = None
    pregnant: bool | None = None
    present: frozenset[str] = frozenset()
    absent: frozenset[str] = frozenset()
    expected_condition: str | None = None
    expected_triage: str | None = None
    text: str | None = None
    title: str = ""

    @property
    def patient(self) -> Patient:
        """The case's patient details."""
        sex = self.sex if self.sex in ("female", "male") else None
        return Patient(age=self.age, sex=sex, pregnant=self.pregnant)  # type: ignore[arg-type]

    def state(self, finding_id: str) -> State:
        """What the case says about a finding."""
        if finding_id in self.present:
            return "present"
        if finding_id in self.absent:
            return "absent"
        return "unknown"


@dataclass(frozen=True)
class RunResult:
    """What happened when a case went through the interview (or through `assess`)."""

    case_id: str
    expected_condition: str | None
    expected_triage: str | None
    ranking: tuple[str, ...]
    triage: str
    questions: int
    stop_reason: str
    probabilities: Mapping[str, float] = field(default_factory=dict)
    scope: str = "upper_back"
    progress: tuple[float, ...] = ()
    estimated_left: tuple[int, ...] = ()

    @property
    def rank(self) -> int | None:
        """1-based rank of the expected condition (None if there is none or it is absent)."""
        if self.expected_condition is None or self.expected_condition not in self.ranking:
            return None
        return self.ranking.index(self.expected_condition) + 1


def answer_for(question: Question, case: Case, replies: Replies = "dont_know") -> Answer:
    """How a patient who knows only the case answers a question.

    With `replies="dont_know"` whatever the case does not state is answered "don't know"; with
    `"closed_world"` it is answered "no" (closer to a real person, who knows their own
    symptoms). Neither can pick an option of a one-choice question the case does not give.
    """
    closed = replies == "closed_world"
    if question.kind == "finding":
        state = case.state(question.id)
        if closed and state == "unknown":
            state = "absent"
        value = {"present": "yes", "absent": "no"}.get(state, "unknown")
        return Answer(question.id, value)
    options = [o.id for o in question.options]
    chosen = tuple(o for o in options if o in case.present)
    if question.select == "one":
        return Answer(question.id, chosen[0] if chosen else "unknown")
    if (
        not closed
        and not chosen
        and not any(o in case.absent for o in options)
        and question.stage != "screen"
    ):
        return Answer(question.id, "unknown")
    return Answer(question.id, chosen)


def interview(
    engine: Engine,
    case: Case,
    base: Sequence[EvidenceItem] = (),
    replies: Replies = "dont_know",
    machine: Interview | None = None,
) -> tuple[Assessment, tuple[Screen, ...]]:
    """Run the interview to its end answering from the case; (assessment, question screens).

    The patient gives `base` (evidence read from their own words) at the describe step, skips it
    when there is none, and goes on answering after an emergency warning.
    """
    machine = machine or Interview(engine)
    turn = machine.start(case.patient)
    shown: list[Screen] = []
    while True:
        screen = turn.screen
        if screen.kind in ("results", "under_18"):
            return screen.assessment, tuple(shown)
        if screen.kind == "describe":
            turn = (
                machine.describe(turn.state, base) if base else machine.skip_description(turn.state)
            )
        elif screen.kind == "emergency":
            turn = machine.acknowledge(turn.state)
        else:
            assert screen.question is not None
            shown.append(screen)
            answer = answer_for(screen.question, case, replies)
            turn = machine.answer(turn.state, answer.question_id, answer.value)


def reply_json(question: Mapping[str, Any], present: Collection[str]) -> str | list[str]:
    """How a patient with these findings answers a question given as the API's JSON.

    >>> reply_json({"id": "fever", "select": "yes_no", "options": []}, {"fever"})
    'yes'
    """
    if question["select"] == "yes_no":
        return "yes" if question["id"] in present else "no"
    chosen = [o["id"] for o in question["options"] if o["id"] in present]
    if question["select"] == "one":
        return chosen[0] if chosen else "unknown"
    return chosen


def simulate(
    engine: Engine,
    case: Case,
    base: Sequence[EvidenceItem] = (),
    replies: Replies = "dont_know",
    machine: Interview | None = None,
) -> RunResult:
    """Run the interview with a simulated patient; report rank, triage and questions asked."""
    result, shown = interview(engine, case, base, replies, machine)
    return RunResult(
        case_id=case.id,
        expected_condition=case.expected_condition,
        expected_triage=case.expected_triage,
        ranking=tuple(c.id for c in result.conditions),
        triage=result.triage.level,
        questions=len(shown),
        stop_reason=result.stop_reason or "finished",
        probabilities={c.id: c.probability for c in result.conditions[:5]},
        scope=result.scope,
        progress=tuple(s.progress for s in shown),
        estimated_left=tuple(s.questions_left for s in shown),
    )


def expected_level(engine: Engine, condition_id: str, present: frozenset[str]) -> str:
    """The triage a case deserves: its condition's urgency or a red flag, whichever is higher."""
    level = urgency_rank(engine.kb.conditions[condition_id].urgency)
    states: dict[str, State] = dict.fromkeys(present, "present")
    for rule in fired_rules(engine.model, states, closed_world=True):
        level = max(level, urgency_rank(rule.level))
    return URGENCIES[level]


def sample_cases(engine: Engine, n: int, seed: int = 0) -> list[Case]:
    """Draw adult patients from the knowledge base itself.

    A condition is drawn by its prior, then every finding from that condition's likelihoods.
    """
    model = engine.model
    rng = np.random.default_rng(seed)
    prior = np.exp(model.log_prior)
    one_groups = {g.id: g for g in model.one_groups}
    implications = {f.id: f.implies for f in engine.kb.findings.values() if f.implies}
    # The checker is for adults: patients are drawn from the adult age bands only.
    adult_only = {
        g.id: np.array([model.findings[int(j)] != "age_under_18" for j in g.index], dtype=float)
        for g in model.one_groups
    }
    cases: list[Case] = []
    for k in range(n):
        c = int(rng.choice(len(prior), p=prior / prior.sum()))
        present: set[str] = set()
        absent: set[str] = set()
        for group in one_groups.values():
            probs = group.cat[c] * adult_only[group.id]
            pick = int(rng.choice(len(probs), p=probs / probs.sum()))
            for i, j in enumerate(group.index):
                (present if i == pick else absent).add(model.findings[int(j)])
        draws = rng.random(len(model.findings)) < model.p[c]
        for j, fid in enumerate(model.findings):
            if model.binary[j]:
                (present if draws[j] else absent).add(fid)
        for fid, implied in implications.items():  # vomiting implies nausea, and so on
            if fid in present:
                present.update(implied)
                absent.difference_update(implied)
        band = next(b for b in AGE_BANDS if b[0] in present)
        age = int(rng.integers(max(band[1], 12), min(band[2], 90) + 1))
        sex = "female" if "sex_female" in present else "male"
        applies = engine.kb.findings["pregnant"].applies_to if "pregnant" in model.f_index else None
        fertile = applies is None or (
            (applies.age_min or 0) <= age <= (applies.age_max or 120) and sex == "female"
        )
        if "pregnant" in present and not fertile:
            present.discard("pregnant")
            absent.add("pregnant")
        pregnant = "pregnant" in present
        condition = model.conditions[c]
        frozen_present = frozenset(present)
        cases.append(
            Case(
                id=f"sampled-{k:04d}",
                age=age,
                sex=sex,
                pregnant=pregnant,
                present=frozen_present,
                absent=frozenset(absent),
                expected_condition=condition,
                expected_triage=expected_level(engine, condition, frozen_present),
            )
        )
    return cases
