"""Request and response bodies of the JSON API (requests and responses are separate models)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = [
    "AnswerChange",
    "AnswerIn",
    "AssessIn",
    "AssessOut",
    "ConditionDetail",
    "ConditionOut",
    "ConditionSummary",
    "ContributionOut",
    "DescribeIn",
    "ErrorBody",
    "ErrorOut",
    "EvidenceIn",
    "EvidenceOut",
    "ExplainIn",
    "ExplainOut",
    "FindingOut",
    "InterviewCreate",
    "InterviewOut",
    "MentionOut",
    "OptionOut",
    "ParseIn",
    "ParseOut",
    "PatientIn",
    "QuestionOut",
    "ReasonOut",
    "SourceOut",
    "StatBar",
    "StatisticsOut",
    "TriageOut",
]

Id = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_]+$")]
Level = Literal["self_care", "consultation", "consultation_24", "emergency", "emergency_ambulance"]
Sex = Literal["female", "male"]
State = Literal["present", "absent", "unknown"]
MAX_TEXT = 20000


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PatientIn(_In):
    """Who is asking."""

    age: int | None = Field(default=None, ge=0, le=120, description="Age in years.")
    sex: Sex | None = Field(default=None, description="Sex assigned at birth.")
    pregnant: bool | None = None


class EvidenceIn(_In):
    """A finding and its state."""

    id: Id
    state: State


class InterviewCreate(PatientIn):
    """Start an interview: who, optionally a description (never stored) and where it hurts."""

    text: str | None = Field(
        default=None,
        max_length=MAX_TEXT,
        description="The pain in the person's own words; understood, then discarded.",
    )
    locations: list[Id] = Field(default=[], max_length=20)


class AnswerIn(_In):
    """An answer to the current question."""

    question_id: Id
    answer: (
        Annotated[str, StringConstraints(max_length=60)] | Annotated[list[Id], Field(max_length=20)]
    ) = Field(
        description='"yes" / "no" / "unknown" for a yes-no question; an option id (or "unknown") '
        'for a one-choice question; a list of option ids (empty: none) or "unknown" for a '
        "many-choice question."
    )
    step: int | None = Field(
        default=None, ge=0, le=500, description="How many answers the client had seen (forms)."
    )


class AnswerChange(_In):
    """A new answer for a question answered earlier."""

    answer: (
        Annotated[str, StringConstraints(max_length=60)] | Annotated[list[Id], Field(max_length=20)]
    )


class AssessIn(_In):
    """Stateless assessment: the patient and everything known so far."""

    patient: PatientIn = PatientIn()
    evidence: list[EvidenceIn] = Field(default=[], max_length=400)
    asked: list[Id] = Field(
        default=[], max_length=200, description="Question ids already asked (don't know included)."
    )


class ParseIn(_In):
    """A description of the pain."""

    text: str = Field(max_length=MAX_TEXT)


class ExplainIn(_In):
    """Why a condition is (or is not) likely, given evidence."""

    condition_id: Id
    patient: PatientIn = PatientIn()
    evidence: list[EvidenceIn] = Field(default=[], max_length=400)


# ----- responses -----


class _Out(BaseModel):
    """A response model read straight from the service's objects (their attributes)."""

    model_config = ConfigDict(from_attributes=True)


class OptionOut(_Out):
    """An option of a grouped question."""

    id: str
    label: str


class QuestionOut(_Out):
    """A question to ask."""

    id: str
    kind: Literal["finding", "group"]
    select: Literal["yes_no", "one", "many"]
    text: str
    help: str
    options: list[OptionOut]
    none_label: str | None
    stage: str
    why: str


class ReasonOut(_Out):
    """Why triage reached its level."""

    kind: str
    id: str
    level: str
    text: str


class TriageOut(_Out):
    """How urgently to get care."""

    level: Level
    label: str
    headline: str
    advice: str
    reasons: list[ReasonOut]
    red_flag: bool


class ConditionOut(_Out):
    """A condition and how likely it is."""

    id: str
    name: str
    clinical_name: str
    icd10: list[str]
    probability: float
    urgency: Level
    rarity: str

    @field_validator("probability")
    @classmethod
    def round_probability(cls, value: float) -> float:
        """Six decimals are plenty."""
        return round(value, 6)


class EvidenceOut(_Out):
    """Evidence as used; `text` is the span it was read from (only in this response)."""

    id: str
    name: str
    state: State
    source: str
    text: str | None = None


class InterviewOut(_Out):
    """An interview's state, and what to show now (`screen`).

    `screen` is `question` (ask `question`), `describe` (offer to describe the pain in the
    person's own words; answering `question` instead skips it), `emergency` (show the
    emergency advice first; answering `question` means the person chose to go on), `results`
    (done) or `under_18` (the checker is for adults: nothing is asked).
    """

    id: str
    status: Literal["in_progress", "done"]
    screen: Literal["under_18", "question", "describe", "emergency", "results"]
    step: int
    question: QuestionOut | None
    scope: Literal["upper_back", "out_of_scope"]
    triage: TriageOut
    emergency: bool
    conditions: list[ConditionOut]
    evidence: list[EvidenceOut]
    progress: float
    questions_left: int = Field(description="An estimate of the questions still to come.")
    expires_at: datetime
    warnings: list[str]
    disclaimer: str
    emergency_signs: list[str]


class DescribeIn(_In):
    """The pain in the person's own words (understood, then discarded); empty skips the step."""

    text: str | None = Field(default=None, max_length=MAX_TEXT)


class AssessOut(_Out):
    """The result of a stateless assessment."""

    scope: Literal["upper_back", "out_of_scope"]
    triage: TriageOut
    conditions: list[ConditionOut]
    next_question: QuestionOut | None
    should_stop: bool
    stop_reason: str
    kb_version: str
    disclaimer: str
    emergency_signs: list[str]


class MentionOut(_Out):
    """A finding read from text, with its character span."""

    id: str
    name: str
    state: Literal["present", "absent"]
    start: int
    end: int
    text: str
    uncertain: bool


class ParseOut(_Out):
    """What a description says."""

    evidence: list[MentionOut]
    age: int | None
    sex: Sex | None
    pregnant: bool | None
    warnings: list[str]
    truncated: bool


class ContributionOut(_Out):
    """How much one piece of evidence moved a condition (likelihood ratio)."""

    id: str
    name: str
    state: State
    factor: float

    @field_validator("factor")
    @classmethod
    def round_factor(cls, value: float) -> float:
        """Four decimals are plenty."""
        return round(value, 4)


class ExplainOut(_Out):
    """Evidence for and against a condition."""

    condition_id: str
    condition_name: str
    probability: float
    supporting: list[ContributionOut]
    opposing: list[ContributionOut]

    @field_validator("probability")
    @classmethod
    def round_probability(cls, value: float) -> float:
        """Six decimals are plenty."""
        return round(value, 6)


class SourceOut(BaseModel):
    """A cited source."""

    id: str
    kind: str
    title: str
    publisher: str
    year: int | None
    url: str | None


class ConditionSummary(BaseModel):
    """A condition of the library."""

    id: str
    name: str
    clinical_name: str
    icd10: list[str]
    category: str
    rarity: str
    urgency: Level
    description: str


class ConditionDetail(ConditionSummary):
    """A condition with everything the library page shows."""

    top_symptoms: list[str]
    always: list[str]
    never: list[str]
    causes: list[str]
    self_care: list[str]
    treatment: list[str]
    doctor: list[str]
    see_doctor: list[str]
    sources: list[SourceOut]


class FindingOut(BaseModel):
    """A finding and its question."""

    id: str
    name: str
    kind: str
    question: str
    help: str
    group: str | None
    snomed: list[str]
    hpo: list[str]


class StatBar(BaseModel):
    """One bar: a share of the group."""

    id: str
    label: str
    count: int
    percent: float


class StatisticsOut(BaseModel):
    """Symptom-checker statistics for a group."""

    age_band: str | None
    sex: Sex | None
    total: int
    shown: bool
    min_group: int
    demo: int
    message: str
    also_reported: list[StatBar]
    matched: list[StatBar]
    durations: list[StatBar]


class ErrorBody(BaseModel):
    """An error: a code for programs and a message for people."""

    code: str
    message: str
    details: list[str] = []


class ErrorOut(BaseModel):
    """The body of every error response."""

    error: ErrorBody
