"""The interview as a state machine: the one set of rules every interface drives.

The web pages, the JSON API, the terminal and the simulated patients all hold an
`InterviewState` and call the operations below; each operation checks its input, returns a new
state and makes exactly one engine step to decide the next screen:

```
under_18                    (the checker is for adults: nothing is asked)
question (first stage)      where it hurts; pregnancy where it can apply
describe                    optional: the pain in the person's own words
question ...                the warning-sign screens, then the questions worth asking
emergency                   as soon as a warning sign calls for emergency care (once)
results                     when the engine stops, or the person finishes
```
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from backcheck.engine import (
    Answer,
    AnswerError,
    Engine,
    EvidenceItem,
    Patient,
    Question,
)
from backcheck.errors import ConflictError, InvalidInputError, NotFoundError
from backcheck.interview.state import (
    Answered,
    AnswerValue,
    InterviewState,
    Screen,
    ScreenKind,
    Turn,
)

__all__ = ["ADULT_AGE", "Interview", "progress_after"]

#: The checker is written for adults; younger people get the children's page instead.
ADULT_AGE = 18


def progress_after(answered: int, left: int, floor: float = 0.0) -> float:
    """Progress as answered / (answered + estimated left), never below what was shown.

    >>> progress_after(3, 7), progress_after(3, 1, floor=0.8), progress_after(0, 0)
    (0.3, 0.8, 0.0)
    """
    total = answered + left
    estimate = answered / total if total else 0.0
    return round(min(max(estimate, floor), 0.99), 4)


class Interview:
    """The interview's rules over an engine; every method is pure (state in, state out).

    >>> from backcheck.knowledge import load_kb
    >>> interview = Interview(Engine(load_kb()))
    >>> turn = interview.start(Patient(age=40, sex="male"))
    >>> turn.screen.kind, turn.screen.question.id
    ('question', 'location')
    >>> turn = interview.answer(turn.state, "location", ("loc_between_shoulder_blades",))
    >>> turn.screen.kind
    'describe'
    >>> interview.start(Patient(age=9)).screen.kind
    'under_18'
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ----- the one engine step -----

    def advance(self, state: InterviewState) -> Turn:
        """Decide the next screen (one engine step) and record it in the state."""
        engine = self.engine
        answers = [Answer(a.question_id, a.value) for a in state.answers]
        evidence = engine.evidence_from_answers(answers, base=state.understood)
        step = engine.step(evidence, state.patient, state.asked)
        emergency = step.assessment.triage.emergency_flag
        question = step.question
        kind: ScreenKind
        if state.patient.age is not None and state.patient.age < ADULT_AGE:
            kind, question = "under_18", None
        elif state.finished or question is None:
            kind, question = "results", None
        elif emergency and not state.acknowledged:
            kind = "emergency"
        elif not state.described and question.stage != "first":
            kind = "describe"
        else:
            kind = "question"
        done = kind in ("results", "under_18")
        left = 0 if done else step.questions_left
        progress = 1.0 if done else progress_after(len(state.answers), left, state.progress)
        new = replace(
            state,
            finished=done,
            screen=kind,
            current=None if question is None else question.id,
            progress=progress,
        )
        screen = Screen(
            kind=kind,
            question=question,
            assessment=step.assessment,
            step=len(state.answers),
            progress=progress,
            questions_left=left,
            emergency=emergency,
        )
        return Turn(new, screen)

    # ----- operations -----

    def start(
        self,
        patient: Patient,
        understood: Iterable[EvidenceItem] = (),
        described: bool = False,
        answers: Iterable[Answer] = (),
    ) -> Turn:
        """A new interview for a patient.

        It starts with anything understood from their own words and any answers given up front
        (for example where it hurts).
        """
        items = tuple(understood)
        given = tuple(
            Answered(a.question_id, self.check(a.question_id, a.value).value) for a in answers
        )
        return self.advance(
            InterviewState(
                patient=patient,
                answers=given,
                understood=items,
                described=described or bool(items),
            )
        )

    def check(self, question_id: str, value: AnswerValue) -> Answer:
        """The answer if it fits its question, else InvalidInputError with a plain message."""
        answer = Answer(question_id, value)
        try:
            self.engine.answer_evidence(answer)
        except AnswerError as exc:
            raise InvalidInputError(str(exc), code="invalid_answer") from None
        return answer

    def answer(
        self,
        state: InterviewState,
        question_id: str,
        value: AnswerValue,
        step: int | None = None,
    ) -> Turn:
        """Answer the question on screen; an earlier question's answer becomes a change.

        `step` is how many answers the person had seen when they answered (forms send it): a
        replayed form for an answered question with the same value changes nothing.
        """
        answer = self.check(question_id, value)
        index = _index(state, question_id)
        if index is not None:
            same = state.answers[index].value == answer.value
            if same and (step is None or step == index):
                return self.advance(state)
            return self.change(state, question_id, answer.value)
        if state.finished or state.current is None:
            raise ConflictError("This interview is finished; start a new one.", "interview_done")
        if state.current != question_id:
            raise ConflictError(
                f"'{question_id}' is not the current question (expected '{state.current}').",
                "not_current_question",
            )
        answered = Answered(question_id, answer.value, state.progress)
        return self.advance(
            replace(
                state,
                answers=(*state.answers, answered),
                described=state.described or state.screen == "describe",
                acknowledged=state.acknowledged or state.screen == "emergency",
            )
        )

    def change(self, state: InterviewState, question_id: str, value: AnswerValue) -> Turn:
        """Change an earlier answer: the answers after it go and what follows is recomputed."""
        answer = self.check(question_id, value)
        index = _index(state, question_id)
        if index is None:
            raise ConflictError(
                f"'{question_id}' has not been answered in this interview, so it cannot be "
                "changed.",
                "not_answered",
            )
        kept = state.answers[index]
        answers = (*state.answers[:index], Answered(question_id, answer.value, kept.progress))
        return self.advance(replace(state, answers=answers, finished=False, progress=kept.progress))

    def back(self, state: InterviewState) -> Turn:
        """Take back the last answer: its question is asked again."""
        if not state.answers:
            return self.advance(state)
        last = state.answers[-1]
        return self.advance(
            replace(state, answers=state.answers[:-1], finished=False, progress=last.progress)
        )

    def describe(self, state: InterviewState, understood: Iterable[EvidenceItem]) -> Turn:
        """Record what the person's own words say (replacing an earlier description)."""
        return self.advance(replace(state, understood=tuple(understood), described=True))

    def skip_description(self, state: InterviewState) -> Turn:
        """The person chose not to describe the pain in their own words."""
        return self.advance(replace(state, described=True))

    def forget(self, state: InterviewState, finding_id: str) -> Turn:
        """Drop one thing understood from the description (a removed chip)."""
        kept = tuple(item for item in state.understood if item.id != finding_id)
        if len(kept) == len(state.understood):
            raise NotFoundError(
                f"'{finding_id}' was not understood from your description.", "not_understood"
            )
        return self.advance(replace(state, understood=kept))

    def acknowledge(self, state: InterviewState) -> Turn:
        """The person saw the emergency advice and chose to go on answering."""
        return self.advance(replace(state, acknowledged=True))

    def finish(self, state: InterviewState) -> Turn:
        """Stop asking and show the results with the answers so far."""
        return self.advance(replace(state, finished=True))

    # ----- reading -----

    def asked_at(self, state: InterviewState, number: int) -> Question:
        """The question asked as number `number` (1-based), or NotFoundError."""
        if not 1 <= number <= len(state.answers):
            raise NotFoundError("That question has not been asked yet.", "not_answered")
        return self.engine.question(state.answers[number - 1].question_id)


def _index(state: InterviewState, question_id: str) -> int | None:
    for index, answered in enumerate(state.answers):
        if answered.question_id == question_id:
            return index
    return None
