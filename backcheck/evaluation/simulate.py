"""Simulated patients: run the whole interview with a patient who answers from a case."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from backcheck.engine import Answer, Assessment, Engine, EvidenceItem, Patient, Question, State
from backcheck.engine.model import AGE_BANDS
from backcheck.engine.triage import fired_rules
from backcheck.knowledge import URGENCIES

__all__ = [
    "Case",
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

    @property
    def rank(self) -> int | None:
        """1-based rank of the expected condition (None if there is none or it is absent)."""
        if self.expected_condition is None or self.expected_condition not in self.ranking:
            return None
        return self.ranking.index(self.expected_condition) + 1


def answer_for(question: Question, case: Case) -> Answer:
    """How a patient who knows only the case answers a question ("don't know" otherwise)."""
    if question.kind == "finding":
        state = case.state(question.id)
        value = {"present": "yes", "absent": "no"}.get(state, "unknown")
        return Answer(question.id, value)
    options = [o.id for o in question.options]
    chosen = tuple(o for o in options if o in case.present)
    if question.select == "one":
        return Answer(question.id, chosen[0] if chosen else "unknown")
    if not chosen and not any(o in case.absent for o in options) and question.stage != "screen":
        return Answer(question.id, "unknown")
    return Answer(question.id, chosen)


def interview(
    engine: Engine,
    case: Case,
    base: list[EvidenceItem] | None = None,
    budget: int | None = None,
) -> tuple[Assessment, int]:
    """Run the interview to its stop rule answering from the case; (assessment, questions)."""
    limit = budget if budget is not None else engine.kb.settings.interview.budget
    answers: list[Answer] = []
    asked: list[str] = []
    patient = case.patient
    while True:
        evidence = engine.evidence_from_answers(answers, base=base)
        step = engine.step(evidence, patient, asked)
        if step.question is None or len(asked) >= limit:
            return step.assessment, len(asked)
        answers.append(answer_for(step.question, case))
        asked.append(step.question.id)


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
    base: list[EvidenceItem] | None = None,
    budget: int | None = None,
) -> RunResult:
    """Run the interview with a simulated patient; report rank, triage and questions asked."""
    result, n_asked = interview(engine, case, base, budget)
    return RunResult(
        case_id=case.id,
        expected_condition=case.expected_condition,
        expected_triage=case.expected_triage,
        ranking=tuple(c.id for c in result.conditions),
        triage=result.triage.level,
        questions=n_asked,
        stop_reason=result.stop_reason or "budget",
        probabilities={c.id: c.probability for c in result.conditions[:5]},
        scope=result.scope,
    )


def expected_level(engine: Engine, condition_id: str, present: frozenset[str]) -> str:
    """The triage a case deserves: its condition's urgency or a red flag, whichever is higher."""
    level = URGENCIES.index(engine.kb.conditions[condition_id].urgency)
    for rule in fired_rules(engine.model, present):
        level = max(level, URGENCIES.index(rule.level))
    return URGENCIES[level]


def sample_cases(engine: Engine, n: int, seed: int = 0) -> list[Case]:
    """Draw patients from the knowledge base itself: a condition by prior, then every finding."""
    model = engine.model
    rng = np.random.default_rng(seed)
    prior = np.exp(model.log_prior)
    one_groups = {g.id: g for g in model.one_groups}
    cases: list[Case] = []
    for k in range(n):
        c = int(rng.choice(len(prior), p=prior / prior.sum()))
        present: set[str] = set()
        absent: set[str] = set()
        for group in one_groups.values():
            probs = group.cat[c]
            pick = int(rng.choice(len(probs), p=probs / probs.sum()))
            for i, j in enumerate(group.index):
                (present if i == pick else absent).add(model.findings[int(j)])
        draws = rng.random(len(model.findings)) < model.p[c]
        for j, fid in enumerate(model.findings):
            if model.binary[j]:
                (present if draws[j] else absent).add(fid)
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
