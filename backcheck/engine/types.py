"""The engine's inputs and outputs: small frozen dataclasses, no behaviour beyond validation."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard, overload

__all__ = [
    "SCOPES",
    "STATES",
    "Answer",
    "Assessment",
    "ConditionResult",
    "Contribution",
    "EvidenceItem",
    "Explanation",
    "Option",
    "Patient",
    "Question",
    "Ranking",
    "Reason",
    "Scope",
    "State",
    "Triage",
]

State = Literal["present", "absent", "unknown"]
STATES: tuple[State, ...] = ("present", "absent", "unknown")
Scope = Literal["upper_back", "out_of_scope"]
SCOPES: tuple[Scope, ...] = ("upper_back", "out_of_scope")
Sex = Literal["female", "male"]


def _is_sex(value: str | None) -> TypeGuard[Sex | None]:
    return value in (None, "female", "male")


@dataclass(frozen=True)
class Patient:
    """Who is asking: age in years, sex assigned at birth, pregnancy (None when not known)."""

    age: int | None = None
    sex: Sex | None = None
    pregnant: bool | None = None

    def __post_init__(self) -> None:
        if self.age is not None and not 0 <= self.age <= 120:
            raise ValueError(f"age must be between 0 and 120, got {self.age}")
        if self.sex not in (None, "female", "male"):
            raise ValueError(f"sex must be 'female' or 'male', got {self.sex!r}")
        if self.pregnant and self.sex == "male":
            raise ValueError("pregnant applies only to sex 'female'")

    @classmethod
    def parse(cls, age: int | None, sex: str | None, pregnant: bool | None = None) -> Patient:
        """A patient from unchecked input; ValueError names what is wrong.

        >>> Patient.parse(40, "female")
        Patient(age=40, sex='female', pregnant=None)
        >>> Patient.parse(40, "robot")
        Traceback (most recent call last):
        ...
        ValueError: sex must be 'female' or 'male', got 'robot'
        """
        if not _is_sex(sex):
            raise ValueError(f"sex must be 'female' or 'male', got {sex!r}")
        return cls(age=age, sex=sex, pregnant=pregnant)


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence as the engine used it, with where it came from."""

    id: str
    name: str
    state: State
    source: str = "answer"
    text: str | None = None


@dataclass(frozen=True)
class Reason:
    """Why triage reached a level: a red-flag rule, or conditions likely enough."""

    kind: Literal["red_flag", "condition", "default"]
    id: str
    level: str
    text: str


@dataclass(frozen=True)
class Triage:
    """The recommended level of care, its plain label, and the reasons for it.

    `reasons` are those that call for this level (one message: a reason for a lower level would
    contradict it); `warnings` are every red-flag rule that fired, whatever its level.
    """

    level: str
    label: str
    headline: str
    advice: str
    reasons: tuple[Reason, ...]
    red_flag: bool
    warnings: tuple[Reason, ...] = ()

    @property
    def emergency_flag(self) -> bool:
        """Whether a red-flag rule that calls for emergency care fired (interrupt at once)."""
        return any(
            r.kind == "red_flag" and r.level in ("emergency", "emergency_ambulance")
            for r in self.reasons
        )


@dataclass(frozen=True)
class ConditionResult:
    """A condition with its posterior probability."""

    id: str
    name: str
    clinical_name: str
    icd10: tuple[str, ...]
    probability: float
    urgency: str
    rarity: str


class Ranking(Sequence[ConditionResult]):
    """Conditions, most likely first: a read-only sequence whose items are made when read.

    It behaves as a tuple: an index gives a `ConditionResult`, a slice a tuple, and it equals
    a tuple or list of the same items. The engine passes `count` and `nth` (the item at a rank)
    so that a step does not build a result for every condition when ten are shown.

    >>> c = ConditionResult("a", "A", "A", ("M54.6",), 0.9, "self_care", "common")
    >>> ranking = Ranking((c,))
    >>> ranking[0] is c, ranking[:5] == (c,), len(ranking), ranking == [c]
    (True, True, 1, True)
    """

    __slots__ = ("_count", "_items", "_nth")

    def __init__(
        self,
        items: Iterable[ConditionResult] = (),
        *,
        count: int = 0,
        nth: Callable[[int], ConditionResult] | None = None,
    ) -> None:
        self._nth = nth
        if nth is None:
            made: list[ConditionResult | None] = list(items)
            self._items = made
            self._count = len(made)
        else:
            self._items = [None] * count
            self._count = count

    def __len__(self) -> int:
        return self._count

    def _get(self, i: int) -> ConditionResult:
        item = self._items[i]
        if item is None:
            assert self._nth is not None
            item = self._items[i] = self._nth(i)
        return item

    @overload
    def __getitem__(self, index: int) -> ConditionResult: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[ConditionResult, ...]: ...

    def __getitem__(self, index: int | slice) -> ConditionResult | tuple[ConditionResult, ...]:
        if isinstance(index, slice):
            return tuple(self._get(i) for i in range(*index.indices(self._count)))
        i = operator.index(index)
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError("ranking index out of range")
        return self._get(i)

    def __iter__(self) -> Iterator[ConditionResult]:
        for i in range(self._count):
            yield self._get(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ranking | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Ranking({tuple(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Ranking, (tuple(self),))


@dataclass(frozen=True)
class Contribution:
    """How much one answer moved a condition: log-likelihood ratio against the background."""

    id: str
    name: str
    state: State
    llr: float

    @property
    def factor(self) -> float:
        """The likelihood ratio itself (e.g. 3.0 means three times as likely)."""
        return math.exp(self.llr)


@dataclass(frozen=True)
class Explanation:
    """The answers that raised and lowered one condition, strongest first."""

    condition_id: str
    condition_name: str
    probability: float
    supporting: tuple[Contribution, ...]
    opposing: tuple[Contribution, ...]


@dataclass(frozen=True)
class Option:
    """One choice of a grouped question."""

    id: str
    label: str


@dataclass(frozen=True)
class Question:
    """A question to ask next: one finding (yes/no/don't know) or a group of findings."""

    id: str
    kind: Literal["finding", "group"]
    select: Literal["yes_no", "one", "many"]
    text: str
    help: str
    options: tuple[Option, ...] = ()
    stage: Literal["first", "screen", "adaptive"] = "adaptive"
    none_label: str | None = None
    why: str = ""
    value: float = 0.0


@dataclass(frozen=True)
class Answer:
    """An answer to a question.

    For a yes/no question `value` is "yes", "no" or "unknown"; for a `one` group, an option id or
    "unknown"; for a `many` group, a tuple of the option ids that apply (empty: none) or "unknown".
    """

    question_id: str
    value: str | tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """The engine's verdict: scope, triage, ranked conditions and the evidence used.

    `conditions` is a `Ranking` (tuple-like; a tuple or list given is turned into one).
    """

    scope: Scope
    triage: Triage
    conditions: Ranking
    evidence: tuple[EvidenceItem, ...]
    kb_version: str
    should_stop: bool = False
    stop_reason: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.conditions, Ranking):
            object.__setattr__(self, "conditions", Ranking(self.conditions))
