"""The interview's state and what it shows: plain frozen data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backcheck.engine import Assessment, EvidenceItem, Patient, Question

__all__ = ["SCREENS", "AnswerValue", "Answered", "InterviewState", "Screen", "ScreenKind", "Turn"]

#: What an interface shows next, in the order an interview normally meets them.
ScreenKind = Literal["under_18", "question", "describe", "emergency", "results"]
SCREENS: tuple[ScreenKind, ...] = ("under_18", "question", "describe", "emergency", "results")

#: "yes" / "no" / "unknown", an option id, or the option ids ticked (empty: none of them).
AnswerValue = str | tuple[str, ...]


@dataclass(frozen=True)
class Answered:
    """One answer, and the progress that was on screen while its question was asked."""

    question_id: str
    value: AnswerValue
    progress: float = 0.0


@dataclass(frozen=True)
class InterviewState:
    """Everything an interview remembers; each operation returns a new state.

    `screen`, `current` and `progress` record what was last shown (set by the interview's
    one engine step per operation): an answer is checked against the question on screen, and
    progress never drops below what the person has already seen.
    """

    patient: Patient
    answers: tuple[Answered, ...] = ()
    understood: tuple[EvidenceItem, ...] = ()
    described: bool = False
    acknowledged: bool = False
    finished: bool = False
    screen: ScreenKind | None = None
    current: str | None = None
    progress: float = 0.0

    @property
    def asked(self) -> tuple[str, ...]:
        """The ids of the questions answered so far, in order."""
        return tuple(a.question_id for a in self.answers)


@dataclass(frozen=True)
class Screen:
    """What to show now: its kind, the next question (if any) and the assessment so far.

    On a `describe` or `emergency` screen `question` is the question that follows it, so a
    client that goes straight on to answer it skips the step (the API allows that).
    """

    kind: ScreenKind
    question: Question | None
    assessment: Assessment
    step: int
    progress: float
    questions_left: int
    emergency: bool


@dataclass(frozen=True)
class Turn:
    """The state after an operation, and the screen it leads to."""

    state: InterviewState
    screen: Screen
