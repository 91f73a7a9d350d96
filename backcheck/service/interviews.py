"""Interview use cases: start, answer, change an answer, go back, finish (state in the database)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from backcheck.engine import (
    Answer,
    AnswerError,
    Assessment,
    EvidenceItem,
    Patient,
    Question,
)
from backcheck.engine.model import AGE_BANDS
from backcheck.service.records import record_assessment
from backcheck.service.runtime import ServiceError, Services
from backcheck.storage import (
    Interview,
    InterviewConflictError,
    InterviewNotFoundError,
    create_interview,
    get_interview,
    insert_interview,
    save_interview,
    utcnow,
)

__all__ = [
    "BAND_AGES",
    "InterviewService",
    "InterviewView",
    "age_band",
    "band_age",
]

#: A representative age for each band (interviews store the band, never the exact age).
BAND_AGES = {"age_under_18": 15, "age_18_29": 24, "age_30_44": 37, "age_45_59": 52,
             "age_60_74": 67, "age_75_plus": 80}  # fmt: skip


def age_band(age: int | None) -> str | None:
    """The age band finding id for an age.

    >>> age_band(34), age_band(None)
    ('age_30_44', None)
    """
    if age is None:
        return None
    return next(fid for fid, low, high in AGE_BANDS if low <= age <= high)


def band_age(band: str | None) -> int | None:
    """The representative age of a band."""
    return None if band is None else BAND_AGES[band]


@dataclass(frozen=True)
class InterviewView:
    """An interview as the interfaces show it."""

    id: str
    status: Literal["in_progress", "done"]
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
    expires_at: datetime
    warnings: tuple[str, ...] = ()


def _answer_value(raw: Any) -> str | tuple[str, ...]:
    return tuple(raw) if isinstance(raw, list) else str(raw)


def _stored_value(value: str | tuple[str, ...]) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value


class InterviewService:
    """The interview use cases over the database and the engine."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.engine = services.engine
        self.kb = services.kb

    # ----- helpers -----

    def _patient(self, row: Interview) -> Patient:
        sex = row.sex if row.sex in ("female", "male") else None
        return Patient(age=band_age(row.age_band), sex=sex, pregnant=row.pregnant)  # type: ignore[arg-type]

    def _answers(self, row: Interview) -> list[Answer]:
        return [Answer(qid, _answer_value(value)) for qid, value in row.answers]

    def _base(self, row: Interview) -> list[EvidenceItem]:
        return [
            EvidenceItem(fid, self.kb.findings[fid].name, state, source)
            for fid, state, source in row.base_evidence
            if fid in self.kb.findings
        ]

    def _view(self, row: Interview, warnings: Sequence[str] = ()) -> InterviewView:
        answers = self._answers(row)
        base = self._base(row)
        patient = self._patient(row)
        evidence = self.engine.evidence_from_answers(answers, base=base)
        step = self.engine.step(evidence, patient, [a.question_id for a in answers])
        emergency = step.assessment.triage.emergency_flag
        done = row.status == "done" or step.question is None
        progress = 1.0 if done else self.engine.progress(step.assessment, len(answers))
        return InterviewView(
            id=row.id,
            status="done" if done else "in_progress",
            question=None if done else step.question,
            step=len(answers),
            answers=tuple(answers),
            assessment=step.assessment,
            patient=patient,
            understood=tuple(base),
            emergency=emergency,
            emergency_acknowledged=row.emergency_acknowledged,
            described=row.described,
            progress=progress,
            expires_at=row.expires_at,
            warnings=tuple(warnings),
        )

    def _load(self, session: Any, interview_id: str) -> Interview:
        try:
            return get_interview(session, interview_id)
        except InterviewNotFoundError:
            raise ServiceError(
                "interview_not_found",
                "There is no interview with this id, or it has expired (interviews are kept "
                "for 24 hours). Please start again.",
                404,
            ) from None

    def _save(self, row: Interview, view: InterviewView, session: Any) -> None:
        self._finalise(row, view, session)
        save_interview(session, row)

    def _finalise(self, row: Interview, view: InterviewView, session: Any) -> None:
        """Record the next question, and on completion keep the assessment (once)."""
        row.updated_at = utcnow()
        row.question_id = view.question.id if view.question is not None else None
        if view.status == "done":
            row.status = "done"
            if row.assessment_id is None:
                row.assessment_id = record_assessment(
                    session,
                    view.assessment,
                    age_band=row.age_band,
                    sex=row.sex,
                    questions=len(view.answers),
                    channel=row.channel,
                )

    def _write(self, interview_id: str, change: Any) -> InterviewView:
        """Read, change and recompute outside any lock, then write back if nobody else did."""
        with self.services.db.session(readonly=True) as session:
            row = self._load(session, interview_id)
        warnings = change(row) or ()
        view = self._view(row, warnings)
        try:
            with self.services.db.session() as session:
                self._save(row, view, session)
            return view
        except InterviewConflictError:
            raise ServiceError(
                "conflict",
                "This interview was changed by another request at the same time; reload it.",
                409,
            ) from None

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
            raise ServiceError("invalid_age", "Age must be a whole number from 0 to 120.")
        if sex not in (None, "female", "male"):
            raise ServiceError("invalid_sex", "Sex must be 'female' or 'male' (or left out).")
        if pregnant and sex == "male":
            raise ServiceError("invalid_pregnancy", "Pregnancy applies only to sex 'female'.")
        location_group = self.kb.groups[self.kb.settings.scope.location_group]
        bad = [loc for loc in locations if loc not in location_group.options]
        if bad:
            raise ServiceError(
                "invalid_location",
                f"Unknown location(s): {', '.join(bad)}. Choose from: "
                f"{', '.join(location_group.options)}.",
            )
        base: list[list[str]] = []
        warnings: list[str] = []
        if text is not None and text.strip():
            parsed = self.services.parse(text)
            warnings.extend(parsed.warnings)
            base = [[fid, state, "text"] for fid, state in parsed.evidence().items()]
            age = age if age is not None else parsed.age
            sex = sex if sex is not None else parsed.sex
            pregnant = pregnant if pregnant is not None else parsed.pregnant
        answers: list[list[Any]] = []
        if locations:
            answers.append([location_group.id, sorted(set(locations))])
        row = create_interview(
            ttl_hours=self.services.config.interview_ttl_hours,
            channel=channel,
            age_band=age_band(age),
            sex=sex,
            pregnant=pregnant if sex != "male" else False,
            base_evidence=base,
            kb_version=self.kb.version,
        )
        row.answers = answers
        row.described = text is not None
        view = self._view(row, warnings)
        with self.services.db.session() as session:
            self._finalise(row, view, session)
            insert_interview(session, row)
        self._count_start()
        return view

    def _count_start(self) -> None:
        """Every few hundred starts, delete interviews that have expired."""
        self.services.starts += 1
        if self.services.starts % 500 == 0:
            self.services.cleanup()

    def get(self, interview_id: str) -> InterviewView:
        """The interview's state, triage, conditions and next question."""
        with self.services.db.session(readonly=True) as session:
            row = self._load(session, interview_id)
        return self._view(row)

    def _validated(self, question_id: str, value: str | Sequence[str]) -> Answer:
        answer = Answer(question_id, value if isinstance(value, str) else tuple(value))
        try:
            self.engine.answer_evidence(answer)
        except AnswerError as exc:
            raise ServiceError("invalid_answer", str(exc)) from None
        return answer

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
        answer = self._validated(question_id, value)

        def change(row: Interview) -> None:
            answers = list(row.answers)
            asked = [qid for qid, _ in answers]
            if question_id in asked:
                index = asked.index(question_id)
                if _answer_value(answers[index][1]) == answer.value and (
                    step is None or step == index
                ):
                    return
                row.answers = [*answers[:index], [question_id, _stored_value(answer.value)]]
                row.status = "active"
                return
            if row.status == "done" or row.question_id is None:
                raise ServiceError(
                    "interview_done", "This interview is finished; start a new one.", 409
                )
            if row.question_id != question_id:
                expected = row.question_id
                raise ServiceError(
                    "not_current_question",
                    f"'{question_id}' is not the current question (expected '{expected}').",
                    409,
                )
            row.answers = [*answers, [question_id, _stored_value(answer.value)]]

        return self._write(interview_id, change)

    def change(
        self, interview_id: str, question_id: str, value: str | Sequence[str]
    ) -> InterviewView:
        """Change an earlier answer; later answers are dropped and the questions recomputed."""
        answer = self._validated(question_id, value)

        def change(row: Interview) -> None:
            asked = [qid for qid, _ in row.answers]
            if question_id not in asked:
                raise ServiceError(
                    "not_answered",
                    f"'{question_id}' has not been answered in this interview, so it cannot be "
                    "changed.",
                    409,
                )
            index = asked.index(question_id)
            row.answers = [*row.answers[:index], [question_id, _stored_value(answer.value)]]
            row.status = "active"

        return self._write(interview_id, change)

    def back(self, interview_id: str) -> InterviewView:
        """Undo the last answer (the previous question is asked again)."""

        def change(row: Interview) -> None:
            if row.answers:
                row.answers = list(row.answers[:-1])
                row.status = "active"

        return self._write(interview_id, change)

    def describe(self, interview_id: str, text: str | None) -> InterviewView:
        """Add (or replace) what the person's own description says; the text is not stored.

        Evidence read from the text is shown back as removable items (`understood`); answers
        given to questions later win over it. An empty text just records that the step was done.
        """
        parsed = self.services.parse(text) if text is not None and text.strip() else None

        def change(row: Interview) -> list[str]:
            row.described = True
            if parsed is None:
                return []
            row.base_evidence = [[fid, state, "text"] for fid, state in parsed.evidence().items()]
            return list(parsed.warnings)

        return self._write(interview_id, change)

    def forget(self, interview_id: str, finding_id: str) -> InterviewView:
        """Remove something understood from the free text (a removed chip)."""

        def change(row: Interview) -> None:
            kept = [item for item in row.base_evidence if item[0] != finding_id]
            if len(kept) == len(row.base_evidence):
                raise ServiceError(
                    "not_understood", f"'{finding_id}' was not understood from your text.", 404
                )
            row.base_evidence = kept

        return self._write(interview_id, change)

    def acknowledge_emergency(self, interview_id: str) -> InterviewView:
        """Record that the person saw the emergency advice and chose to continue."""

        def change(row: Interview) -> None:
            row.emergency_acknowledged = True

        return self._write(interview_id, change)

    def finish(self, interview_id: str) -> InterviewView:
        """End the interview now (e.g. after an emergency) and keep its assessment."""

        def change(row: Interview) -> None:
            row.status = "done"

        return self._write(interview_id, change)
