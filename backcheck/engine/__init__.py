"""The reasoning engine: posterior, triage, next question and explanations (pure, no I/O)."""

from backcheck.engine.engine import AnswerError, Engine, EvidenceError, EvidenceInput, Step
from backcheck.engine.types import (
    SCOPES,
    STATES,
    Answer,
    Assessment,
    ConditionResult,
    Contribution,
    EvidenceItem,
    Explanation,
    Option,
    Patient,
    Question,
    Reason,
    Scope,
    State,
    Triage,
)

__all__ = [
    "SCOPES",
    "STATES",
    "Answer",
    "AnswerError",
    "Assessment",
    "ConditionResult",
    "Contribution",
    "Engine",
    "EvidenceError",
    "EvidenceInput",
    "EvidenceItem",
    "Explanation",
    "Option",
    "Patient",
    "Question",
    "Reason",
    "Scope",
    "State",
    "Step",
    "Triage",
]
