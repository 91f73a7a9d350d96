"""The quiz pages: about you, one page per question, own words, emergency, results.

Every question has its own address (`/interview/{id}/q/{n}`), so the browser's Back and
Forward move through the questions; answering an earlier question again changes that answer
and the questions after it are worked out again. Each form posts, then redirects to the page
the interview shows next (Post/Redirect/Get).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from backcheck.engine import Question
from backcheck.errors import ConflictError, InvalidInputError, NotFoundError, RateLimitedError
from backcheck.http import headers_for
from backcheck.http.deps import read_limit, services_from, text_limit, write_limit
from backcheck.interview import InterviewState
from backcheck.service import InterviewService, InterviewView, age_band_of, build_report
from backcheck.service.answers import answered
from backcheck.service.report import evidence_phrase
from backcheck.web import csrf
from backcheck.web.answers import AnswerFormError, chosen, read_answer
from backcheck.web.render import redirect, render, render_error

__all__ = ["error_page", "router", "screen_url"]

router = APIRouter(include_in_schema=False)
Guarded = [Depends(csrf.require_csrf), Depends(write_limit)]
#: Pages that load an interview (and may work out its next step) count against the read rate.
Read = [Depends(read_limit)]

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_TEXT = 2000
MAX_STEP = 500
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
ADULT_AGE = 18


def _interviews(request: Request) -> InterviewService:
    return InterviewService(services_from(request))


def _checked(interview_id: str) -> str:
    if not _ID.match(interview_id):
        raise NotFoundError(_NOT_FOUND, "interview_not_found")
    return interview_id


def _load(request: Request, interview_id: str) -> InterviewView:
    return _interviews(request).get(_checked(interview_id))


def _notice(request: Request) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))


def screen_url(view: InterviewView, notice: str = "") -> str:
    """The address of what the interview shows now."""
    base = f"/interview/{view.id}"
    url = {
        "results": f"/results/{view.id}",
        "under_18": "/children",
        "emergency": f"{base}/emergency",
        "describe": f"{base}/describe",
    }.get(view.screen, f"{base}/q/{view.step + 1}")
    return f"{url}?notice={notice}" if notice else url


def _is_location(request: Request, question: Question) -> bool:
    return question.id == services_from(request).kb.settings.scope.location_group


def _read(request: Request, question: Question, form: FormData) -> str | list[str]:
    empty = EMPTY_MAP if _is_location(request, question) else ""
    return read_answer(question, form, empty)


def _question_page(
    request: Request,
    view: InterviewView,
    number: int,
    question: Question,
    *,
    current: str | tuple[str, ...] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    answered_already = number <= view.step
    progress = view.asked_progress[number - 1] if answered_already else view.progress
    context = {
        "view": view,
        "question": question,
        "number": number,
        "action": f"/interview/{view.id}/q/{number}",
        "selected": chosen(current),
        "error": error,
        "answered": answered_already,
        "left": None if answered_already else view.questions_left,
        "bodymap": _is_location(request, question),
        "percent": round(progress * 100),
        "notice": _notice(request),
    }
    return render(request, "question.html", context, status)


# ----- about you -----


@router.get("/start")
def start_form(request: Request) -> Response:
    """Age and sex."""
    return render(request, "start.html", {"errors": {}, "values": {}, "sexes": SEXES})


@router.post("/start", dependencies=Guarded)
def start(
    request: Request,
    age: Annotated[str, Form(max_length=20)] = "",
    sex: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Create the interview and go to its first question (under 18: the children's page)."""
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
    if errors:
        values = {"age": age[:20], "sex": sex}
        context = {"errors": errors, "values": values, "sexes": SEXES}
        return render(request, "start.html", context, 422)
    if years is not None and years < ADULT_AGE:
        return redirect("/children")
    who = None if sex == "unsaid" else sex
    view = _interviews(request).start(age=years, sex=who, channel="web")
    return redirect(screen_url(view))


@router.get("/children")
def children(request: Request) -> Response:
    """The checker is for adults: children's warning signs and whom to see."""
    settings = services_from(request).kb.settings
    return render(request, "children.html", {"children": settings.children})


# ----- the questions -----


@router.get("/interview/{interview_id}", dependencies=Read)
def interview(request: Request, interview_id: str) -> Response:
    """Wherever the interview is now: a question, own words, the emergency page or results."""
    view = _load(request, interview_id)
    return redirect(screen_url(view, request.query_params.get("notice", "")))


def _step_question(request: Request, view: InterviewView, number: int) -> Question | None:
    """The question asked as number `number`: answered already, or the current one."""
    if 1 <= number <= view.step:
        return _interviews(request).asked_at(view, number)
    if number == view.step + 1 and view.status != "done":
        return view.question
    return None


@router.get("/interview/{interview_id}/q/{number}", dependencies=Read)
def question(request: Request, interview_id: str, number: int) -> Response:
    """One question: the current one, or an earlier one with the answer given."""
    view = _load(request, interview_id)
    asked = _step_question(request, view, number) if 0 < number <= MAX_STEP else None
    if asked is None:
        return redirect(screen_url(view))
    if number == view.step + 1 and view.screen != "question":
        return redirect(screen_url(view))  # own words or an emergency come first
    current = view.answers[number - 1].value if number <= view.step else None
    return _question_page(request, view, number, asked, current=current)


def _asked_id(state: InterviewState, number: int) -> str | None:
    """The id of the question asked as number `number`: answered already, or the current one."""
    if 1 <= number <= len(state.answers):
        return state.answers[number - 1].question_id
    if number == len(state.answers) + 1 and not state.finished:
        return state.current
    return None


@router.post("/interview/{interview_id}/q/{number}", dependencies=Guarded)
async def answer(request: Request, interview_id: str, number: int) -> Response:
    """Answer a question; an earlier one is changed and what follows is worked out again.

    The stored state says which question the form is for, so a request makes one engine step.
    """
    interviews = _interviews(request)
    interview_id = _checked(interview_id)
    state = interviews.peek(interview_id)
    qid = _asked_id(state, number) if 0 < number <= MAX_STEP else None
    form = await request.form()
    if qid is None or str(form.get("question_id", "")) != qid:
        if state.finished:
            return redirect(f"/results/{interview_id}")
        return redirect(f"/interview/{interview_id}?notice=moved")
    asked = services_from(request).engine.question(qid)
    current = state.answers[number - 1].value if number <= len(state.answers) else None
    try:
        value = _read(request, asked, form)
    except AnswerFormError as exc:
        view = interviews.get(interview_id)
        return _question_page(
            request, view, number, asked, current=current, error=str(exc), status=422
        )
    if current is not None:
        if current == (tuple(value) if isinstance(value, list) else value):
            return redirect(f"/interview/{interview_id}/q/{number + 1}")
        view = interviews.change(interview_id, asked.id, value)
    else:
        try:
            view = interviews.answer(interview_id, asked.id, value, step=number - 1)
        except ConflictError as exc:
            if exc.code == "interview_done":
                return redirect(f"/results/{interview_id}")
            return redirect(f"/interview/{interview_id}?notice=moved")
    return redirect(screen_url(view))


@router.get("/interview/{interview_id}/change/{question_id}", dependencies=Read)
def change_form(request: Request, interview_id: str, question_id: str) -> Response:
    """An earlier question again (links from the answers page): its own address."""
    view = _load(request, interview_id)
    for number, item in enumerate(view.answers, start=1):
        if item.question_id == question_id:
            return redirect(f"/interview/{view.id}/q/{number}")
    raise NotFoundError(
        "That question has not been answered in this questionnaire, so there is nothing to "
        "change. Your answers so far are listed on the answers page.",
        "not_answered",
    )


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


@router.get("/interview/{interview_id}/describe", dependencies=Read)
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
    interviews = _interviews(request)
    interview_id = _checked(interview_id)
    words = "" if action == "skip" else text.strip()
    if len(words) > MAX_TEXT:
        message = f"Please shorten your description to {MAX_TEXT} characters or fewer."
        view = interviews.get(interview_id)
        return _describe_page(request, view, message, text[: MAX_TEXT * 2], 422)
    try:
        text_limit(request, interviews.services, words)
    except RateLimitedError as exc:  # the person keeps what they wrote
        page = _describe_page(request, interviews.get(interview_id), exc.message, text, 429)
        page.headers.update(headers_for(exc))
        return page
    try:
        view = interviews.describe(interview_id, words or None)
    except InvalidInputError as exc:
        if exc.code != "invalid_text":
            raise
        return _describe_page(request, interviews.get(interview_id), exc.message, text, 422)
    if not words:
        return redirect(screen_url(view))
    if not view.understood:
        return redirect(screen_url(view, "nothing"))
    return redirect(f"/interview/{view.id}/understood")


@router.get("/interview/{interview_id}/understood", dependencies=Read)
def understood(request: Request, interview_id: str) -> Response:
    """What was understood from the description, as chips the person can remove."""
    view = _load(request, interview_id)
    findings = services_from(request).kb.findings
    chips = [(item.id, evidence_phrase(findings[item.id], item.state)) for item in view.understood]
    context = {"view": view, "chips": chips, "emergency": view.emergency, "next": screen_url(view)}
    return render(request, "understood.html", context)


@router.post("/interview/{interview_id}/forget", dependencies=Guarded)
def forget(
    request: Request, interview_id: str, finding_id: Annotated[str, Form(max_length=60)] = ""
) -> Response:
    """Remove one understood item (a replayed removal does nothing)."""
    interviews = _interviews(request)
    interview_id = _checked(interview_id)
    if any(item.id == finding_id for item in interviews.peek(interview_id).understood):
        interviews.forget(interview_id, finding_id)
    return redirect(f"/interview/{interview_id}/understood")


# ----- emergency -----


@router.get("/interview/{interview_id}/emergency", dependencies=Read)
def emergency(request: Request, interview_id: str) -> Response:
    """The emergency interrupt: what to do now, then continue or see the results."""
    view = _load(request, interview_id)
    if not view.emergency:
        return redirect(screen_url(view))
    report = build_report(services_from(request).engine, view.assessment, view.patient)
    return render(request, "emergency_interrupt.html", {"view": view, "report": report})


@router.post("/interview/{interview_id}/continue", dependencies=Guarded)
def acknowledge(request: Request, interview_id: str) -> Response:
    """The person saw the emergency advice and chose to keep answering."""
    view = _interviews(request).acknowledge_emergency(_checked(interview_id))
    return redirect(screen_url(view))


@router.post("/interview/{interview_id}/finish", dependencies=Guarded)
def finish(request: Request, interview_id: str) -> Response:
    """Stop the questions and show the results now."""
    view = _interviews(request).finish(_checked(interview_id))
    return redirect(f"/results/{view.id}")


# ----- reviewing answers -----


@router.get("/interview/{interview_id}/answers", dependencies=Read)
def answers(request: Request, interview_id: str) -> Response:
    """Every answer so far, each with a link to its question."""
    view = _load(request, interview_id)
    items = answered(services_from(request).engine, view.answers)
    findings = services_from(request).kb.findings
    chips = [evidence_phrase(findings[item.id], item.state) for item in view.understood]
    context = {
        "view": view,
        "items": items,
        "chips": chips,
        "notice": _notice(request),
        "next": screen_url(view),
    }
    return render(request, "answers.html", context)


# ----- results -----


@router.get("/results/{interview_id}", dependencies=Read)
def results(request: Request, interview_id: str) -> Response:
    """Urgency first, then the likely causes, self-care, when to see a doctor, and a summary."""
    view = _load(request, interview_id)
    if view.status != "done" or view.screen != "results":
        return redirect(screen_url(view))
    services = services_from(request)
    findings = services.kb.findings
    report = build_report(services.engine, view.assessment, view.patient)
    context: dict[str, Any] = {
        "view": view,
        "report": report,
        "items": answered(services.engine, view.answers),
        "chips": [evidence_phrase(findings[item.id], item.state) for item in view.understood],
        "patient": _patient_words(request, view),
        "ttl_hours": services.config.interview_ttl_hours,
        "diary_days": services.config.diary_ttl_days,
    }
    return render(request, "results.html", context)


def _patient_words(request: Request, view: InterviewView) -> list[tuple[str, str]]:
    kb = services_from(request).kb
    patient = view.patient
    band = age_band_of(patient.age)
    return [
        ("Age", kb.findings[band].name if band is not None else "not given"),
        ("Sex", SEXES.get(patient.sex or "", "not given")),
    ]


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    """The error page, with a way back into the questionnaire when the URL names one."""
    match = re.match(r"^/(?:interview|results)/([A-Za-z0-9_-]{1,64})(?:/|$)", request.url.path)
    extra = {}
    if match and status in (403, 409, 422, 429):
        extra["continue_url"] = f"/interview/{match.group(1)}"
    return render_error(request, status, code, message, extra)
