"""Reading an answer from a submitted question form, and pre-filling one."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import FormData

from backcheck.engine import Question
from backcheck.errors import InvalidInputError

__all__ = ["NONE_VALUE", "AnswerFormError", "chosen", "read_answer"]

#: The form value of the "none of these" box of a tick-all-that-apply question.
NONE_VALUE = "none"


class AnswerFormError(InvalidInputError):
    """The form does not hold a usable answer; the message says what to do."""


def chosen(value: str | Sequence[str] | None) -> frozenset[str]:
    """The option ids (or yes/no/unknown) an answer selects, to pre-fill a form."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset([value])
    return frozenset(value) if value else frozenset([NONE_VALUE])


def read_answer(question: Question, form: FormData, empty: str = "") -> str | list[str]:
    """The answer a question form holds, or AnswerFormError with what is missing.

    `empty` is the message when nothing is ticked on a tick-all-that-apply question.
    """
    if form.get("action") == "unknown":
        return "unknown"
    values = [v for v in form.getlist("answer") if isinstance(v, str)]
    if question.select == "yes_no":
        if len(values) == 1 and values[0] in ("yes", "no", "unknown"):
            return values[0]
        raise AnswerFormError("Please answer Yes, No or Don't know.")
    options = {o.id for o in question.options}
    if question.select == "one":
        if len(values) == 1 and (values[0] in options or values[0] == "unknown"):
            return values[0]
        raise AnswerFormError("Please choose one answer, or choose Don't know.")
    picked = list(dict.fromkeys(v for v in values if v in options))
    unexpected = [v for v in values if v not in options and v != NONE_VALUE]
    if unexpected:
        raise AnswerFormError("Please choose from the answers shown.")
    if picked:
        return picked
    if NONE_VALUE in values:
        return []
    none = question.none_label or "None of these"
    raise AnswerFormError(
        empty or f"Please tick everything that applies, or tick “{none}”, or choose Don't know."
    )
