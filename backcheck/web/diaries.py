"""The pain diary's pages: start one from the results, add a day, see the chart and advice.

The diary's address holds its secret key, like the results page; there is no account. Every
form posts, then redirects (Post/Redirect/Get); a ticked warning sign goes straight to the
emergency page. Only ticks, a score and yes/no are read from the forms; nothing typed is kept.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from backcheck.errors import InvalidInputError
from backcheck.http.deps import read_limit, services_from, write_limit
from backcheck.service.diaries import MAX_PAIN, DiaryService, DiaryView, EntryDraft
from backcheck.web import csrf
from backcheck.web.chart import pain_chart, short_day
from backcheck.web.render import redirect, render

__all__ = ["NOTICES", "router"]

router = APIRouter(include_in_schema=False)
Guarded = [Depends(csrf.require_csrf), Depends(write_limit)]

#: Messages a redirect may ask the diary page to show (only these keys, never text from the URL).
NOTICES = {
    "started": "Your diary is ready. Bookmark this page now: its address is the only key to "
    "your diary, and we cannot send it to you or recover it.",
    "saved": "Saved. Thank you; the advice below takes your entry into account.",
    "replaced": "Saved. This replaced your earlier entry for that day.",
}
PAIN_WORDS = {0: "no pain", 5: "moderate", 10: "worst imaginable"}


def _diaries(request: Request) -> DiaryService:
    return DiaryService(services_from(request))


def _day_label(view: DiaryView, day: date) -> str:
    words = {0: "Today", 1: "Yesterday"}.get((view.today - day).days)
    return f"{words} ({short_day(day)})" if words else short_day(day)


def _diary_page(request: Request, view: DiaryView, status: int = 200) -> Response:
    notice = NOTICES.get(request.query_params.get("notice", ""))
    sources = services_from(request).kb.sources
    context = {
        "publishers": {sid: source.publisher for sid, source in sources.items()},
        "view": view,
        "chart": pain_chart(view.entries, view.started_on),
        "notice": notice,
        "today_done": any(e.day == view.today for e in view.entries),
        "short_day": short_day,
        "diary_url": str(request.url.replace(query="")),
    }
    return render(request, "diary.html", context, status)


@router.post("/results/{interview_id}/diary", dependencies=Guarded)
def start(request: Request, interview_id: str) -> Response:
    """Start a diary from a finished check and go to it."""
    view = _diaries(request).start(interview_id)
    return redirect(f"/diary/{view.key}?notice=started")


@router.get("/diary/{key}", dependencies=[Depends(read_limit)])
def diary(request: Request, key: str) -> Response:
    """The advice now, the chart, every entry, and how to add, keep or delete the diary."""
    return _diary_page(request, _diaries(request).get(key))


def _entry_page(
    request: Request,
    view: DiaryView,
    values: dict[str, Any] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "view": view,
        "options": _diaries(request).options(),
        "days": [(day.isoformat(), _day_label(view, day)) for day in view.open_days],
        "pains": [(n, PAIN_WORDS.get(n, "")) for n in range(MAX_PAIN + 1)],
        "values": values or {"day": view.today.isoformat()},
        "error": error,
    }
    return render(request, "diary_entry.html", context, status)


@router.get("/diary/{key}/entry", dependencies=[Depends(read_limit)])
def entry_form(request: Request, key: str) -> Response:
    """Today's entry (or a recent day's): pain, where, sleep, what helped, warning signs."""
    return _entry_page(request, _diaries(request).get(key))


def _strings(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)][:40]


def _draft(form: FormData) -> EntryDraft:
    """The entry a form holds, or InvalidInputError saying what to fix."""
    pain = str(form.get("pain", ""))
    if not pain.isdigit() or int(pain) > MAX_PAIN:
        raise InvalidInputError("Please choose how bad the pain is, from 0 to 10.", "invalid_pain")
    sleep = str(form.get("sleep", ""))
    if sleep not in ("yes", "no"):
        raise InvalidInputError(
            "Please say whether pain woke you or kept you awake last night.", "invalid_sleep"
        )
    try:
        day = date.fromisoformat(str(form.get("day", "")))
    except ValueError:
        raise InvalidInputError("Please choose the day this entry is for.", "invalid_day") from None
    return EntryDraft(
        pain=int(pain),
        sleep_broken=sleep == "yes",
        locations=_strings(form, "where"),
        helped=_strings(form, "helped"),
        warning_signs=_strings(form, "warning"),
        day=day,
    )


@router.post("/diary/{key}/entry", dependencies=Guarded)
async def add_entry(request: Request, key: str) -> Response:
    """Save the entry; a ticked warning sign goes straight to the emergency page."""
    diaries = _diaries(request)
    view = diaries.get(key)
    form = await request.form()
    values = {
        "day": str(form.get("day", ""))[:10],
        "pain": str(form.get("pain", ""))[:2],
        "sleep": str(form.get("sleep", ""))[:3],
        "where": set(_strings(form, "where")),
        "helped": set(_strings(form, "helped")),
        "warning": set(_strings(form, "warning")),
    }
    try:
        saved = diaries.add_entry(key, _draft(form))
    except InvalidInputError as exc:
        return _entry_page(request, view, values, exc.message, 422)
    if saved.emergency:
        return redirect(f"/diary/{key}/emergency")
    return redirect(f"/diary/{key}?notice={'replaced' if saved.replaced else 'saved'}")


@router.get("/diary/{key}/emergency", dependencies=[Depends(read_limit)])
def emergency(request: Request, key: str) -> Response:
    """What to do now about a warning sign in the latest entry."""
    view = _diaries(request).get(key)
    if not view.advice.emergency:
        return redirect(f"/diary/{key}")
    level = services_from(request).kb.settings.triage[view.advice.level]  # type: ignore[index]
    item = view.advice.items[0]
    return render(request, "diary_emergency.html", {"view": view, "level": level, "item": item})


@router.get("/diary/{key}/delete")
def delete_form(request: Request, key: str) -> Response:
    """Ask before deleting the diary."""
    return render(request, "diary_delete.html", {"view": _diaries(request).get(key)})


@router.post("/diary/{key}/delete", dependencies=Guarded)
def delete(
    request: Request, key: str, confirm: Annotated[str, Form(max_length=10)] = ""
) -> Response:
    """Delete the diary and every entry at once (only with the confirming button)."""
    diaries = _diaries(request)
    if confirm != "yes":
        return redirect(f"/diary/{key}/delete")
    diaries.delete(key)
    return redirect("/diary-deleted")


@router.get("/diary-deleted")
def deleted(request: Request) -> Response:
    """The diary is gone."""
    return render(request, "diary_deleted.html")
