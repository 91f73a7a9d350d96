"""The quiz pages: age and sex, body map, own words, questions, emergency interrupt, results."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from backcheck.api.deps import write_limit
from backcheck.engine import Answer, Question
from backcheck.service import (
    InterviewService,
    InterviewView,
    ServiceError,
    age_band,
    build_report,
)
from backcheck.service.report import evidence_phrase
from backcheck.web import csrf
from backcheck.web.answers import AnswerFormError, answered, chosen, read_answer
from backcheck.web.render import redirect, render, render_error, services_of

__all__ = ["error_page", "router"]

router = APIRouter(include_in_schema=False)
Guarded = [Depends(csrf.require_csrf), Depends(write_limit)]

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_QID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_TEXT = 2000
_NOT_FOUND = (
    "We could not find this questionnaire. The link may be mistyped, or it has expired "
    "(answers are kept for 24 hours and then deleted). Please start again."
)
#: Messages a redirect may ask a page to show (only these keys, never text from the URL).
NOTICES = {
    "moved": "That answer was for a question you are no longer on, so nothing changed. "
    "Here is where you are now.",
    "nothing": "We did not pick out anything specific from your words. That is fine: the "
    "questions will cover it.",
    "unchanged": "Nothing changed: that was already your answer.",
}
EMPTY_MAP = "Please tick at least one area that hurts, or choose “I am not sure where”."
SEXES = {"female": "Female", "male": "Male", "unsaid": "I would rather not say"}


def _interviews(request: Request) -> InterviewService:
    return InterviewService(services_of(request))


def _checked(interview_id: str) -> str:
    if not _ID.match(interview_id):
        raise ServiceError("interview_not_found", _NOT_FOUND, 404)
    return interview_id


def _load(request: Request, interview_id: str) -> InterviewView:
    return _interviews(request).get(_checked(interview_id))


def _notice(request: Request) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))


def _url(view: InterviewView, suffix: str = "") -> str:
    return f"/interview/{view.id}{suffix}"


def _question(request: Request, question_id: str) -> Question:
    if not _QID.match(question_id):
        raise ServiceError("invalid_answer", "That question does not exist.", 404)
    try:
        return services_of(request).engine.question(question_id)
    except KeyError:
        raise ServiceError("invalid_answer", "That question does not exist.", 404) from None


def _is_location(request: Request, question: Question) -> bool:
    return question.id == services_of(request).kb.settings.scope.location_group


def _read(request: Request, question: Question, form: FormData) -> str | list[str]:
    empty = EMPTY_MAP if _is_location(request, question) else ""
    return read_answer(question, form, empty)


def _question_page(
    request: Request,
    view: InterviewView,
    question: Question,
    *,
    action: str,
    current: str | tuple[str, ...] | None = None,
    error: str | None = None,
    change: bool = False,
    status: int = 200,
) -> Response:
    return render(
        request,
        "question.html",
        {
            "view": view,
            "question": question,
            "action": action,
            "selected": chosen(current),
            "error": error,
            "change": change,
            "bodymap": _is_location(request, question),
            "percent": round(view.progress * 100),
            "number": len(view.answers) + 1,
            "notice": _notice(request),
        },
        status,
    )


# ----- start -----


@router.get("/start")
def start_form(request: Request) -> Response:
    """Age, sex and pregnancy."""
    return render(request, "start.html", {"errors": {}, "values": {}, "sexes": SEXES})


@router.post("/start", dependencies=Guarded)
def start(
    request: Request,
    age: Annotated[str, Form(max_length=20)] = "",
    sex: Annotated[str, Form(max_length=20)] = "",
    pregnant: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Create the interview and go to its first question."""
    errors: dict[str, str] = {}
    text = age.strip()
    years: int | None = None
    if not text:
        errors["age"] = "Please enter your age in years."
    elif not text.isdigit() or not 1 <= int(text) <= 120:
        errors["age"] = "Please enter your age as a whole number of years from 1 to 120."
    else:
        years = int(text)
    if sex not in SEXES:
        errors["sex"] = "Please choose female, male, or that you would rather not say."
    if pregnant not in ("", "yes", "no", "unsure"):
        errors["pregnant"] = "Please choose yes, no or not sure."
    if errors:
        values = {"age": age[:20], "sex": sex, "pregnant": pregnant}
        context = {"errors": errors, "values": values, "sexes": SEXES}
        return render(request, "start.html", context, 422)
    who = None if sex == "unsaid" else sex
    expecting = {"yes": True, "no": False}.get(pregnant) if who == "female" else None
    view = _interviews(request).start(age=years, sex=who, pregnant=expecting, channel="web")
    return redirect(_url(view))


# ----- the current step -----


@router.get("/interview/{interview_id}")
def interview(request: Request, interview_id: str) -> Response:
    """The current step: body map, own words, a question, or on to the emergency or results."""
    view = _load(request, interview_id)
    if view.status == "done":
        return redirect(f"/results/{view.id}")
    if view.emergency and not view.emergency_acknowledged:
        return redirect(_url(view, "/emergency"))
    question = view.question
    if question is None:  # nothing left to ask: the results
        return redirect(f"/results/{view.id}")
    if not view.described and not _is_location(request, question):
        return _describe_page(request, view)
    return _question_page(request, view, question, action=_url(view, "/answer"))


@router.post("/interview/{interview_id}/answer", dependencies=Guarded)
async def answer(request: Request, interview_id: str) -> Response:
    """Answer the current question (a replayed form is ignored or becomes a change)."""
    view = _load(request, interview_id)
    form = await request.form()
    question = _question(request, str(form.get("question_id", "")))
    step_text = str(form.get("step", ""))
    step = int(step_text) if step_text.isdigit() and len(step_text) < 6 else None
    try:
        value = _read(request, question, form)
    except AnswerFormError as exc:
        if view.question is not None and view.question.id == question.id:
            return _question_page(
                request, view, question, action=_url(view, "/answer"), error=str(exc), status=422
            )
        raise ServiceError("invalid_answer", str(exc)) from None
    try:
        _interviews(request).answer(view.id, question.id, value, step=step)
    except ServiceError as exc:
        if exc.code == "not_current_question":
            return redirect(_url(view, "?notice=moved"))
        if exc.code == "interview_done":
            return redirect(f"/results/{view.id}")
        raise
    return redirect(_url(view))


@router.post("/interview/{interview_id}/back", dependencies=Guarded)
def back(request: Request, interview_id: str, step: Annotated[str, Form()] = "") -> Response:
    """Undo the last answer; a replayed back button (an older step) does nothing."""
    view = _load(request, interview_id)
    if step.isdigit() and int(step) == view.step and view.step > 0:
        _interviews(request).back(view.id)
    return redirect(_url(view))


# ----- in your own words -----


def _describe_page(
    request: Request,
    view: InterviewView,
    error: str | None = None,
    text: str = "",
    status: int = 200,
) -> Response:
    context = {"view": view, "error": error, "text": text, "max_text": MAX_TEXT}
    return render(request, "describe.html", context, status)


@router.get("/interview/{interview_id}/describe")
def describe_form(request: Request, interview_id: str) -> Response:
    """Tell us in your own words (also reachable later, to redo it)."""
    view = _load(request, interview_id)
    return _describe_page(request, view)


@router.post("/interview/{interview_id}/describe", dependencies=Guarded)
def describe(
    request: Request,
    interview_id: str,
    text: Annotated[str, Form(max_length=20000)] = "",
    action: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Understand the description (never stored) and show what was understood."""
    view = _load(request, interview_id)
    words = "" if action == "skip" else text.strip()
    if len(words) > MAX_TEXT:
        message = f"Please shorten your description to {MAX_TEXT} characters or fewer."
        return _describe_page(request, view, message, text[: MAX_TEXT * 2], 422)
    try:
        view = _interviews(request).describe(view.id, words or None)
    except ServiceError as exc:
        if exc.code != "invalid_text":
            raise
        return _describe_page(request, view, exc.message, text, 422)
    if not words:
        return redirect(_url(view))
    if not view.understood:
        return redirect(_url(view, "?notice=nothing"))
    return redirect(_url(view, "/understood"))


@router.get("/interview/{interview_id}/understood")
def understood(request: Request, interview_id: str) -> Response:
    """What was understood from the description, as chips the person can remove."""
    view = _load(request, interview_id)
    findings = services_of(request).kb.findings
    chips = [(item.id, evidence_phrase(findings[item.id], item.state)) for item in view.understood]
    context = {"view": view, "chips": chips, "emergency": view.emergency}
    return render(request, "understood.html", context)


@router.post("/interview/{interview_id}/forget", dependencies=Guarded)
def forget(
    request: Request, interview_id: str, finding_id: Annotated[str, Form(max_length=60)] = ""
) -> Response:
    """Remove one understood item (a replayed removal does nothing)."""
    view = _load(request, interview_id)
    if any(item.id == finding_id for item in view.understood):
        _interviews(request).forget(view.id, finding_id)
    return redirect(_url(view, "/understood"))


# ----- emergency -----


@router.get("/interview/{interview_id}/emergency")
def emergency(request: Request, interview_id: str) -> Response:
    """The emergency interrupt: what to do now, then continue or see the results."""
    view = _load(request, interview_id)
    if not view.emergency:
        return redirect(_url(view))
    return render(
        request, "emergency_interrupt.html", {"view": view, "triage": view.assessment.triage}
    )


@router.post("/interview/{interview_id}/continue", dependencies=Guarded)
def acknowledge(request: Request, interview_id: str) -> Response:
    """The person saw the emergency advice and chose to keep answering."""
    view = _interviews(request).acknowledge_emergency(_checked(interview_id))
    return redirect(_url(view))


@router.post("/interview/{interview_id}/finish", dependencies=Guarded)
def finish(request: Request, interview_id: str) -> Response:
    """Stop the questions and show the results now."""
    view = _interviews(request).finish(_checked(interview_id))
    return redirect(f"/results/{view.id}")


# ----- reviewing and changing answers -----


@router.get("/interview/{interview_id}/answers")
def answers(request: Request, interview_id: str) -> Response:
    """Every answer so far, each with a link to change it."""
    view = _load(request, interview_id)
    items = answered(services_of(request).engine, view.answers)
    findings = services_of(request).kb.findings
    chips = [evidence_phrase(findings[item.id], item.state) for item in view.understood]
    context = {"view": view, "items": items, "chips": chips, "notice": _notice(request)}
    return render(request, "answers.html", context)


def _previous(view: InterviewView, question_id: str) -> Answer:
    for item in view.answers:
        if item.question_id == question_id:
            return item
    raise ServiceError(
        "not_answered",
        "That question has not been answered in this questionnaire, so there is nothing to "
        "change. Your answers so far are listed on the answers page.",
        404,
    )


@router.get("/interview/{interview_id}/change/{question_id}")
def change_form(request: Request, interview_id: str, question_id: str) -> Response:
    """An earlier question again, with the answer given, to change it."""
    view = _load(request, interview_id)
    question = _question(request, question_id)
    previous = _previous(view, question.id)
    action = _url(view, f"/change/{question.id}")
    return _question_page(
        request, view, question, action=action, current=previous.value, change=True
    )


@router.post("/interview/{interview_id}/change/{question_id}", dependencies=Guarded)
async def change(request: Request, interview_id: str, question_id: str) -> Response:
    """Change an earlier answer: later questions are recomputed (a replay changes nothing)."""
    view = _load(request, interview_id)
    question = _question(request, question_id)
    previous = _previous(view, question.id)
    form = await request.form()
    try:
        value = _read(request, question, form)
    except AnswerFormError as exc:
        action = _url(view, f"/change/{question.id}")
        return _question_page(
            request, view, question, action=action, current=previous.value, error=str(exc),
            change=True, status=422,
        )  # fmt: skip
    same = previous.value == (tuple(value) if isinstance(value, list) else value)
    if same:
        return redirect(_url(view, "/answers?notice=unchanged"))
    _interviews(request).change(view.id, question.id, value)
    return redirect(_url(view))


# ----- results -----


@router.get("/results/{interview_id}")
def results(request: Request, interview_id: str) -> Response:
    """Urgency first, then the likely causes, self-care, when to see a doctor, and a summary."""
    view = _load(request, interview_id)
    if view.status != "done":
        return redirect(_url(view))
    services = services_of(request)
    report = build_report(services.engine, view.assessment, view.patient)
    context: dict[str, Any] = {
        "view": view,
        "report": report,
        "items": answered(services.engine, view.answers),
        "chips": [
            evidence_phrase(services.kb.findings[item.id], item.state) for item in view.understood
        ],
        "patient": _patient_words(request, view),
    }
    return render(request, "results.html", context)


def _patient_words(request: Request, view: InterviewView) -> list[tuple[str, str]]:
    kb = services_of(request).kb
    patient = view.patient
    band = age_band(patient.age)
    out = [
        ("Age", kb.findings[band].name if band is not None else "not given"),
        ("Sex", SEXES.get(patient.sex or "", "not given")),
    ]
    if patient.sex == "female" and patient.pregnant is not None:
        out.append(("Pregnant", "yes" if patient.pregnant else "no"))
    return out


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    """The error page, with a way back into the questionnaire when the URL names one."""
    match = re.match(r"^/(?:interview|results)/([A-Za-z0-9_-]{1,64})(?:/|$)", request.url.path)
    extra = {}
    if match and status in (403, 409, 422, 429):
        extra["continue_url"] = f"/interview/{match.group(1)}"
    return render_error(request, status, code, message, extra)
