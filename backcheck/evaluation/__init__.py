"""Evaluation: simulated patients, vignettes, labelled phrases, metrics and throwaway servers."""

from backcheck.evaluation.metrics import ConditionRow, Metrics, summarise
from backcheck.evaluation.simulate import (
    Case,
    RunResult,
    answer_for,
    expected_level,
    interview,
    reply_json,
    sample_cases,
    simulate,
)

__all__ = [
    "Case",
    "ConditionRow",
    "Metrics",
    "RunResult",
    "answer_for",
    "expected_level",
    "interview",
    "reply_json",
    "sample_cases",
    "simulate",
    "summarise",
]
