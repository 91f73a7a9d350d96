"""Answers in words: each answer of an interview with its question, as a person would say it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backcheck.engine import Answer, Engine, Question

__all__ = ["DONT_KNOW", "AnsweredQuestion", "answer_words", "answered"]

DONT_KNOW = "Don't know"


@dataclass(frozen=True)
class AnsweredQuestion:
    """One answer so far, as shown on the answers and summary pages and in the report."""

    question: Question
    value: str | tuple[str, ...]
    words: str
    index: int


def answer_words(question: Question, value: str | Sequence[str]) -> str:
    """An answer as a person would say it.

    >>> from backcheck.engine import Option, Question
    >>> q = Question("q", "group", "many", "Q?", "", (Option("a", "Fever"),), none_label="None")
    >>> answer_words(q, ("a",)), answer_words(q, ()), answer_words(q, "unknown")
    ('Fever', 'None', "Don't know")
    """
    if value == "unknown":
        return DONT_KNOW
    if question.select == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(str(value), str(value))
    labels = {o.id: o.label for o in question.options}
    if question.select == "one":
        return labels.get(str(value), str(value))
    items = (value,) if isinstance(value, str) else tuple(value)
    if not items:
        return question.none_label or "None of these"
    return "; ".join(labels.get(v, v) for v in items)


def answered(engine: Engine, answers: Sequence[Answer]) -> list[AnsweredQuestion]:
    """The answers so far with their questions and words (unknown question ids skipped)."""
    out = []
    for index, answer in enumerate(answers):
        try:
            question = engine.question(answer.question_id)
        except KeyError:
            continue
        out.append(
            AnsweredQuestion(question, answer.value, answer_words(question, answer.value), index)
        )
    return out
