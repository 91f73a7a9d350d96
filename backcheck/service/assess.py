"""Stateless use cases: assess evidence, understand text, assess text, explain a condition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcheck.engine import (
    EvidenceError,
    EvidenceItem,
    Explanation,
    Patient,
    Step,
)
from backcheck.errors import InvalidInputError, NotFoundError
from backcheck.service.runtime import Services

if TYPE_CHECKING:
    from backcheck.language import Mention, ParseResult

__all__ = ["AssessService", "TextAssessment"]


@dataclass(frozen=True)
class TextAssessment:
    """A description assessed without further questions."""

    parsed: ParseResult
    patient: Patient
    step: Step


def _patient(age: int | None, sex: str | None, pregnant: bool | None = None) -> Patient:
    try:
        return Patient.parse(age, sex, pregnant)
    except ValueError as exc:
        raise InvalidInputError(str(exc), "invalid_patient") from None


class AssessService:
    """Assessment without stored state (Infermedica-style /diagnosis)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.engine = services.engine

    def assess(
        self,
        evidence: Sequence[EvidenceItem],
        age: int | None = None,
        sex: str | None = None,
        pregnant: bool | None = None,
        asked: Sequence[str] = (),
    ) -> Step:
        """Triage, ranked conditions, next question and whether to stop, for given evidence."""
        patient = _patient(age, sex, pregnant)
        unknown_questions = [q for q in asked if q not in self.engine.bank.ids]
        if unknown_questions:
            raise InvalidInputError(
                f"Unknown question id(s): {', '.join(unknown_questions)}.", "invalid_question"
            )
        try:
            return self.engine.step(list(evidence), patient, list(asked))
        except EvidenceError as exc:
            raise InvalidInputError(str(exc), "invalid_evidence") from None

    def parse(self, text: str) -> ParseResult:
        """What the text says, as evidence with spans; unreadable text is a clear refusal."""
        return self.services.parse(text)

    def assess_text(
        self, text: str, age: int | None = None, sex: str | None = None
    ) -> TextAssessment:
        """Parse a description, then assess it; age and sex given here override the text's."""
        parsed = self.parse(text)
        patient = _patient(
            age if age is not None else parsed.age,
            sex if sex is not None else parsed.sex,
            parsed.pregnant if (sex or parsed.sex) != "male" else None,
        )
        items = [
            EvidenceItem(m.finding_id, "", m.state, "text", m.text) for m in _last_mentions(parsed)
        ]
        try:
            step = self.engine.step(items, patient, (), text=True)
        except EvidenceError as exc:
            raise InvalidInputError(str(exc), "invalid_evidence") from None
        return TextAssessment(parsed=parsed, patient=patient, step=step)

    def explain(
        self,
        condition_id: str,
        evidence: Sequence[EvidenceItem],
        age: int | None = None,
        sex: str | None = None,
    ) -> Explanation:
        """The evidence for and against one condition."""
        if condition_id not in self.services.kb.conditions:
            raise NotFoundError(f"There is no condition '{condition_id}'.", "condition_not_found")
        try:
            return self.engine.explain(condition_id, list(evidence), _patient(age, sex))
        except EvidenceError as exc:
            raise InvalidInputError(str(exc), "invalid_evidence") from None


def _last_mentions(parsed: ParseResult) -> list[Mention]:
    states = parsed.evidence()
    seen: dict[str, Mention] = {}
    for mention in parsed.mentions:
        if states.get(mention.finding_id) == mention.state:
            seen[mention.finding_id] = mention
    return list(seen.values())
