"""The use cases: start an interview, answer, assess text, finish; joins engine and storage."""

from backcheck.service.report import (
    DOCTOR_QUESTIONS,
    ConditionReport,
    Report,
    build_report,
    evidence_phrase,
    in_ten,
    likelihood_words,
)

__all__ = [
    "DOCTOR_QUESTIONS",
    "ConditionReport",
    "Report",
    "build_report",
    "evidence_phrase",
    "in_ten",
    "likelihood_words",
]
