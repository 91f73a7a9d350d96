"""Finishing a check through the interview use cases, answering as a patient with given findings."""

from __future__ import annotations

from collections.abc import Collection

from backcheck.evaluation import Case, answer_for
from backcheck.service import InterviewService, InterviewView, Services

__all__ = ["STRAIN", "finish_check"]

#: A clear upper back muscle strain (self-care).
STRAIN = frozenset({
    "loc_between_shoulder_blades", "began_after_lifting", "duration_1_to_7_days", "onset_hours",
    "severity_moderate", "pattern_intermittent", "course_improving", "worse_movement",
    "feel_aching", "better_rest", "heavy_manual_work",
})  # fmt: skip


def finish_check(
    services: Services, present: Collection[str] = STRAIN, age: int = 33, sex: str = "male"
) -> InterviewView:
    """Answer every question (no to what is not present) until the results."""
    interviews = InterviewService(services)
    case = Case(id="check", age=age, sex=sex, present=frozenset(present))
    view = interviews.start(age=age, sex=sex, channel="web")
    for _ in range(60):
        if view.status == "done":
            return view
        assert view.question is not None
        answer = answer_for(view.question, case, "closed_world")
        value = answer.value if isinstance(answer.value, str) else list(answer.value)
        view = interviews.answer(view.id, answer.question_id, value)
    raise AssertionError("the check did not finish")
