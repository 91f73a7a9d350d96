"""Accuracy and triage metrics over a set of run results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backcheck.evaluation.simulate import RunResult
from backcheck.knowledge import is_emergency, urgency_rank

__all__ = ["ConditionRow", "Metrics", "summarise"]


@dataclass(frozen=True)
class ConditionRow:
    """Per-condition accuracy."""

    condition: str
    cases: int
    top1: float
    top3: float
    triage_exact: float
    under_triage: int


@dataclass(frozen=True)
class Metrics:
    """Summary figures; rates are fractions in [0, 1] (None when nothing to measure)."""

    cases: int
    top1: float | None
    top3: float | None
    triage_exact: float | None
    under_triage: float | None
    over_triage: float | None
    emergency_cases: int
    emergency_sensitivity: float | None
    emergency_under_triaged: int
    questions_median: float
    questions_p90: float
    questions_mean: float
    per_condition: tuple[ConditionRow, ...]
    under_triaged: tuple[str, ...]


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def summarise(results: Sequence[RunResult]) -> Metrics:
    """Top-1/top-3 accuracy, triage agreement, under-/over-triage and questions asked.

    >>> r = RunResult("a", "x", "self_care", ("x", "y"), "consultation", 7, "confident")
    >>> m = summarise([r])
    >>> m.top1, m.triage_exact, m.over_triage, m.under_triage
    (1.0, 0.0, 1.0, 0.0)
    """
    ranked = [r for r in results if r.expected_condition is not None]
    triaged = [r for r in results if r.expected_triage is not None]
    top1 = sum(1 for r in ranked if r.rank == 1)
    top3 = sum(1 for r in ranked if r.rank is not None and r.rank <= 3)
    exact = under = over = 0
    emergencies = missed = 0
    under_ids: list[str] = []
    for r in triaged:
        assert r.expected_triage is not None
        want, got = urgency_rank(r.expected_triage), urgency_rank(r.triage)
        exact += got == want
        under += got < want
        over += got > want
        if got < want:
            under_ids.append(r.case_id)
        if is_emergency(r.expected_triage):
            emergencies += 1
            missed += not is_emergency(r.triage)
    questions = np.array([r.questions for r in results] or [0], dtype=float)
    rows: dict[str, list[RunResult]] = defaultdict(list)
    for r in ranked:
        assert r.expected_condition is not None
        rows[r.expected_condition].append(r)
    per_condition = tuple(
        ConditionRow(
            condition=cid,
            cases=len(rs),
            top1=sum(1 for r in rs if r.rank == 1) / len(rs),
            top3=sum(1 for r in rs if r.rank is not None and r.rank <= 3) / len(rs),
            triage_exact=sum(1 for r in rs if r.triage == r.expected_triage) / len(rs),
            under_triage=sum(
                1
                for r in rs
                if r.expected_triage is not None
                and urgency_rank(r.triage) < urgency_rank(r.expected_triage)
            ),
        )
        for cid, rs in sorted(rows.items())
    )
    return Metrics(
        cases=len(results),
        top1=_rate(top1, len(ranked)),
        top3=_rate(top3, len(ranked)),
        triage_exact=_rate(exact, len(triaged)),
        under_triage=_rate(under, len(triaged)),
        over_triage=_rate(over, len(triaged)),
        emergency_cases=emergencies,
        emergency_sensitivity=_rate(emergencies - missed, emergencies),
        emergency_under_triaged=missed,
        questions_median=float(np.median(questions)),
        questions_p90=float(np.percentile(questions, 90)),
        questions_mean=float(questions.mean()),
        per_condition=per_condition,
        under_triaged=tuple(under_ids),
    )
