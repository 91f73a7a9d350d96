"""Interview use cases: the interview state machine, its state kept in the database.

Each use case reads the stored interview, applies one operation of `backcheck.interview`
(which makes exactly one engine step) and writes the result back only if nobody else changed
it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from backcheck.engine import (
    Answer,
    Assessment,
    ConditionResult,
    EvidenceItem,
    Patient,
    Question,
    State,
    Triage,
)
from backcheck.engine.model import AGE_BANDS
from backcheck.errors import InvalidInputError, NotFoundError
from backcheck.interview import (
    Answered,
    AnswerValue,
    Interview,
    InterviewState,
    ScreenKind,
    Turn,
)
from backcheck.service.metrics import INTERVIEWS_FINISHED, INTERVIEWS_STARTED, TRIAGE_LEVELS
from backcheck.service.records import record_assessment
from backcheck.service.runtime import Services
from backcheck.storage import (
    Interview as StoredInterview,
)
from backcheck.storage import (
    InterviewNotFoundError,
    create_interview,
    get_interview,
    insert_interview,
    save_interview,
    utcnow,
)

__all__ = [
    "AGE_BAND_AGES",
    "InterviewService",
    "InterviewView",
    "age_band_of",
    "representative_age",
]

#: A representative age for each band (interviews store the band, never the exact age).
AGE_BAND_AGES = {"age_under_18": 15, "age_18_29": 24, "age_30_44": 37, "age_45_59": 52,
                 "age_60_74": 67, "age_75_plus": 80}  # fmt: skip


def age_band_of(age: int | None) -> str | None:
    """The age band finding id for an age.

    >>> age_band_of(34), age_band_of(None)
    ('age_30_44', None)
    """
    if age is None:
        return None
    return next(fid for fid, low, high in AGE_BANDS if low <= age <= high)


def representative_age(band: str | None) -> int | None:
    """The age an interview uses for a stored band."""
    return None if band is None else AGE_BAND_AGES[band]


@dataclass(frozen=True)
class InterviewView:
    """An interview as the interfaces show it: what to show now, and everything so far."""

    id: str
    status: Literal["in_progress", "done"]
    screen: ScreenKind
    question: Question | None
    step: int
    answers: tuple[Answer, ...]
    assessment: Assessment
    patient: Patient
    understood: tuple[EvidenceItem, ...]
    emergency: bool
    emergency_acknowledged: bool
    described: bool
    progress: float
    questions_left: int
    expires_at: datetime
    asked_progress: tuple[float, ...] = ()
    warnings: tuple[str, ...] = ()
    disclaimer: str = ""
    emergency_signs: tuple[str, ...] = ()
    checked_at: datetime | None = None

    @property
    def scope(self) -> str:
        """Whether the pain is in the upper back (`upper_back`) or only elsewhere."""
        return self.assessment.scope

    @property
    def triage(self) -> Triage:
        """How urgently to get care, with its reasons."""
        return self.assessment.triage

    @property
    def conditions(self) -> tuple[ConditionResult, ...]:
        """The ten likeliest conditions, most likely first."""
        return self.assessment.conditions[:10]

    @property
    def evidence(self) -> tuple[EvidenceItem, ...]:
        """The evidence used, except what the patient's age and sex imply."""
        return tuple(e for e in self.assessment.evidence if e.source != "patient")


def _value(raw: Any) -> AnswerValue:
    return tuple(raw) if isinstance(raw, list) else str(raw)


def _stored(value: AnswerValue) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value


_NOT_FOUND = (
    "There is no interview with this id, or it has expired (interviews are kept for {hours} "
    "hours). Please start again."
)


class InterviewService:
    """The interview use cases over the database and the interview state machine."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.engine = services.engine
        self.kb = services.kb
        self.machine = Interview(services.engine)

    # ----- between stored rows and states -----

    def _state(self, row: StoredInterview) -> InterviewState:
        sex = row.sex if row.sex in ("female", "male") else None
        patient = Patient(age=representative_age(row.age_band), sex=sex, pregnant=row.pregnant)  # type: ignore[arg-type]
        answers = tuple(
            Answered(item[0], _value(item[1]), float(item[2]) if len(item) > 2 else 0.0)
            for item in row.answers
        )
        understood = tuple(
            EvidenceItem(fid, self.kb.findings[fid].name, state, source)
            for fid, state, source in row.base_evidence
            if fid in self.kb.findings
        )
        return InterviewState(
            patient=patient,
            answers=answers,
            understood=understood,
            described=row.described,
            acknowledged=row.emergency_acknowledged,
            finished=row.status == "done",
            screen=row.screen,  # type: ignore[arg-type]
            current=row.question_id,
            progress=row.progress,
        )

    def _store(self, row: StoredInterview, state: InterviewState) -> None:
        row.answers = [[a.question_id, _stored(a.value), a.progress] for a in state.answers]
        row.base_evidence = [[i.id, i.state, i.source] for i in state.understood]
        row.described = state.described
        row.emergency_acknowledged = state.acknowledged
        row.status = "done" if state.finished else "active"
        row.screen = state.screen
        row.question_id = state.current
        row.progress = state.progress
        row.updated_at = utcnow()

    def _view(
        self, row: StoredInterview, turn: Turn, warnings: Sequence[str] = ()
    ) -> InterviewView:
        state, screen = turn.state, turn.screen
        return InterviewView(
            id=row.id,
            status="done" if state.finished else "in_progress",
            screen=screen.kind,
            question=screen.question,
            step=screen.step,
            answers=tuple(Answer(a.question_id, a.value) for a in state.answers),
            assessment=screen.assessment,
            patient=state.patient,
            understood=state.understood,
            emergency=screen.emergency,
            emergency_acknowledged=state.acknowledged,
            described=state.described,
            progress=screen.progress,
            questions_left=screen.questions_left,
            expires_at=row.expires_at,
            asked_progress=tuple(a.progress for a in state.answers),
            warnings=tuple(warnings),
            disclaimer=self.kb.settings.disclaimer,
            emergency_signs=tuple(self.kb.settings.emergency_signs),
            checked_at=row.updated_at,
        )

    def _record(self, row: StoredInterview, turn: Turn, session: Any) -> bool:
        """Keep the assessment of a finished interview, once (never for the children's page).

        True when this turn finished it.
        """
        if turn.screen.kind == "results" and row.assessment_id is None:
            row.assessment_id = record_assessment(
                session,
                turn.screen.assessment,
                age_band=row.age_band,
                sex=row.sex,
                questions=len(turn.state.answers),
                channel=row.channel,
            )
            return True
        return False

    @staticmethod
    def _count_finish(row: StoredInterview, turn: Turn) -> None:
        """Count a finished interview and its level (after it was stored)."""
        INTERVIEWS_FINISHED.labels(row.channel).inc()
        TRIAGE_LEVELS.labels(turn.screen.assessment.triage.level).inc()

    def _load(self, session: Any, interview_id: str) -> StoredInterview:
        try:
            return get_interview(session, interview_id)
        except InterviewNotFoundError:
            hours = self.services.config.interview_ttl_hours
            raise NotFoundError(_NOT_FOUND.format(hours=hours), "interview_not_found") from None

    def _write(
        self,
        interview_id: str,
        operation: Callable[[InterviewState], Turn],
        warnings: Sequence[str] = (),
    ) -> InterviewView:
        """Read, apply the operation and write back, in one transaction.

        The write is versioned: it fails (ConflictError) if someone else changed the interview
        meanwhile, as when the read was a transaction of its own.
        """
        with self.services.db.session() as session:
            row = self._load(session, interview_id)
            turn = operation(self._state(row))
            self._store(row, turn.state)
            finished = self._record(row, turn, session)
            save_interview(session, row)
        if finished:
            self._count_finish(row, turn)
        return self._view(row, turn, warnings)

    # ----- use cases -----

    def start(
        self,
        *,
        age: int | None,
        sex: str | None,
        pregnant: bool | None = None,
        text: str | None = None,
        locations: Sequence[str] = (),
        channel: str = "api",
    ) -> InterviewView:
        """Start an interview; free text (never stored) and locations become evidence."""
        if age is not None and not 0 <= age <= 120:
            raise InvalidInputError("Age must be a whole number from 0 to 120.", "invalid_age")
        if sex not in (None, "female", "male"):
            raise InvalidInputError("Sex must be 'female' or 'male' (or left out).", "invalid_sex")
        if pregnant and sex == "male":
            raise InvalidInputError("Pregnancy applies only to sex 'female'.", "invalid_pregnancy")
        location_group = self.kb.groups[self.kb.settings.scope.location_group]
        bad = [loc for loc in locations if loc not in location_group.options]
        if bad:
            raise InvalidInputError(
                f"Unknown location(s): {', '.join(bad)}. Choose from: "
                f"{', '.join(location_group.options)}.",
                "invalid_location",
            )
        understood: list[EvidenceItem] = []
        warnings: list[str] = []
        if text is not None and text.strip():
            parsed = self.services.parse(text)
            warnings.extend(parsed.warnings)
            understood = self._understood(parsed.evidence())
            age = age if age is not None else parsed.age
            sex = sex if sex is not None else parsed.sex
            pregnant = pregnant if pregnant is not None else parsed.pregnant
        band = age_band_of(age)
        who = sex if sex in ("female", "male") else None
        if who == "male" or not self._may_be_pregnant(age):
            pregnant = False  # decided on the exact age, which is not kept
        patient = Patient(
            age=representative_age(band),
            sex=who,  # type: ignore[arg-type]
            pregnant=pregnant,
        )
        given = [Answer(location_group.id, tuple(sorted(set(locations))))] if locations else []
        turn = self.machine.start(patient, understood, described=text is not None, answers=given)
        row = create_interview(
            ttl_hours=self.services.config.interview_ttl_hours,
            channel=channel,
            age_band=band,
            sex=who,
            pregnant=patient.pregnant,
            base_evidence=[],
            kb_version=self.kb.version,
        )
        self._store(row, turn.state)
        with self.services.db.session() as session:
            finished = self._record(row, turn, session)
            insert_interview(session, row)
        INTERVIEWS_STARTED.labels(channel).inc()
        if finished:
            self._count_finish(row, turn)
        self._count_start()
        return self._view(row, turn, warnings)

    def _may_be_pregnant(self, age: int | None) -> bool:
        """Whether pregnancy can apply at this age (the pregnancy finding's `applies_to`)."""
        finding = self.kb.findings.get("pregnant")
        applies = finding.applies_to if finding is not None else None
        if age is None or applies is None:
            return True
        low = applies.age_min if applies.age_min is not None else 0
        high = applies.age_max if applies.age_max is not None else 120
        return low <= age <= high

    def _understood(self, evidence: Mapping[str, State]) -> list[EvidenceItem]:
        return [
            EvidenceItem(fid, self.kb.findings[fid].name, state, "text")
            for fid, state in evidence.items()
        ]

    def _count_start(self) -> None:
        """Every few hundred starts, delete interviews that have expired."""
        self.services.starts += 1
        if self.services.starts % 500 == 0:
            self.services.cleanup()

    def peek(self, interview_id: str) -> InterviewState:
        """The interview as stored, without an engine step: what was last shown, the answers."""
        with self.services.db.session(readonly=True) as session:
            return self._state(self._load(session, interview_id))

    def get(self, interview_id: str) -> InterviewView:
        """The interview's current screen, triage, conditions and next question."""
        with self.services.db.session(readonly=True) as session:
            row = self._load(session, interview_id)
        return self._view(row, self.machine.advance(self._state(row)))

    def answer(
        self,
        interview_id: str,
        question_id: str,
        value: str | Sequence[str],
        step: int | None = None,
    ) -> InterviewView:
        """Answer the current question. A replayed earlier answer is ignored or becomes a change.

        `step` is the number of answers the person had seen when they answered (web forms send
        it); an answer for an earlier step changes that answer and drops the later ones.
        """
        answer = self.machine.check(question_id, _value(value))
        return self._write(
            interview_id, lambda s: self.machine.answer(s, answer.question_id, answer.value, step)
        )

    def change(
        self, interview_id: str, question_id: str, value: str | Sequence[str]
    ) -> InterviewView:
        """Change an earlier answer; later answers are dropped and the questions recomputed."""
        answer = self.machine.check(question_id, _value(value))
        return self._write(
            interview_id, lambda s: self.machine.change(s, answer.question_id, answer.value)
        )

    def back(self, interview_id: str) -> InterviewView:
        """Undo the last answer (the previous question is asked again)."""
        return self._write(interview_id, self.machine.back)

    def describe(self, interview_id: str, text: str | None) -> InterviewView:
        """Add (or replace) what the person's own description says; the text is not stored.

        Evidence read from the text is shown back as removable items (`understood`); answers
        given to questions later win over it. An empty text just records that the step was done.
        """
        if text is None or not text.strip():
            return self._write(interview_id, self.machine.skip_description)
        parsed = self.services.parse(text)
        items = self._understood(parsed.evidence())
        return self._write(
            interview_id, lambda s: self.machine.describe(s, items), list(parsed.warnings)
        )

    def forget(self, interview_id: str, finding_id: str) -> InterviewView:
        """Remove something understood from the free text (a removed chip)."""
        return self._write(interview_id, lambda s: self.machine.forget(s, finding_id))

    def acknowledge_emergency(self, interview_id: str) -> InterviewView:
        """Record that the person saw the emergency advice and chose to continue."""
        return self._write(interview_id, self.machine.acknowledge)

    def finish(self, interview_id: str) -> InterviewView:
        """End the interview now (e.g. after an emergency) and keep its assessment."""
        return self._write(interview_id, self.machine.finish)

    def asked_at(self, view: InterviewView, number: int) -> Question:
        """The question asked as number `number` (1-based) in this interview."""
        if not 1 <= number <= len(view.answers):
            raise NotFoundError("That question has not been asked yet.", "not_answered")
        return self.engine.question(view.answers[number - 1].question_id)
