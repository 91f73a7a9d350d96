"""The editors' pages: sign in and out, the moderation queue, edit-and-approve, the audit log.

An editor's browser holds a random session token in the `bc_editor` cookie (HttpOnly,
SameSite=Strict, Secure in production, limited to /editor); the database keeps only its hash.
Every page here needs a valid session; without one, the browser is sent to the sign-in page.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from backcheck.errors import AuthenticationError, BackcheckError, InvalidInputError, NotFoundError
from backcheck.http import status_of
from backcheck.http.deps import login_limit, services_from
from backcheck.service import (
    MAX_HELPED,
    MAX_REASON,
    MAX_STORY,
    Editor,
    EditorService,
    ReviewStory,
    StoryService,
)
from backcheck.service.editors import SESSION_HOURS
from backcheck.web import csrf
from backcheck.web.render import redirect, render
from backcheck.web.stories import page_links, parse_page

__all__ = [
    "COOKIE",
    "NOTICES",
    "LoginRequiredError",
    "current_editor",
    "login_redirect",
    "require_editor",
    "router",
]

router = APIRouter(include_in_schema=False)

#: The cookie holding an editor's session token.
COOKIE = "bc_editor"
_PATH = "/editor"
_NEXT = re.compile(r"^/editor(?:/[A-Za-z0-9/_-]{0,100})?$")
_STORY_ID = re.compile(r"^[1-9][0-9]{0,8}$")
_HEADERS = {"X-Robots-Tag": "noindex, nofollow"}
#: Messages a redirect may ask a page to show (only these keys, never text from the URL).
NOTICES = {
    "out": "You have signed out.",
    "expired": "Please sign in to continue. Nothing was changed.",
    "approved": "The story was approved and is now published.",
    "edited": "Your edited version was approved and is now published.",
    "rejected": "The story was rejected. It will not be published.",
    "already": "That story had already been approved or rejected (by another editor or an "
    "earlier click), so nothing changed.",
}


class LoginRequiredError(AuthenticationError):
    """An editor page was requested without a valid session."""

    def __init__(self) -> None:
        super().__init__("Please sign in as an editor to see this page.", "login_required")


def _editors(request: Request) -> EditorService:
    return EditorService(services_from(request))


def _stories(request: Request) -> StoryService:
    return StoryService(services_from(request))


def current_editor(request: Request) -> Editor | None:
    """The editor signed in in this browser, if any."""
    return _editors(request).authenticate(request.cookies.get(COOKIE))


async def require_editor(request: Request) -> Editor:
    """FastAPI dependency: the signed-in editor, or off to the sign-in page."""
    editor = current_editor(request)
    if editor is None:
        raise LoginRequiredError
    return editor


EditorPage = Annotated[Editor, Depends(require_editor)]
Protected = [Depends(csrf.require_csrf)]


async def login_redirect(request: Request, exc: Exception) -> Response:
    """Send a browser without a session to the sign-in page (and back afterwards)."""
    del exc
    path = request.url.path
    if request.method == "GET" and _NEXT.match(path) and path != "/editor/login":
        target = "/editor/login" if path == "/editor" else f"/editor/login?next={path}"
    else:
        target = "/editor/login?notice=expired"
    response = redirect(target)
    response.delete_cookie(COOKIE, path=_PATH)
    return response


def _page(
    request: Request,
    template: str,
    context: dict[str, Any],
    editor: Editor | None,
    status: int = 200,
) -> Response:
    values = {"editor": editor, "notice": NOTICES.get(request.query_params.get("notice", ""))}
    values.update(context)
    return render(request, template, values, status, _HEADERS)


def _story_id(text: str) -> int:
    if not _STORY_ID.match(text):
        raise NotFoundError("There is no story with this id.", "story_not_found")
    return int(text)


# ----- signing in and out -----


def _login_page(
    request: Request, name: str = "", error: str | None = None, status: int = 200
) -> Response:
    target = request.query_params.get("next", "")
    context = {"name": name, "error": error, "next": target if _NEXT.match(target) else ""}
    return _page(request, "editor_login.html", context, None, status)


@router.get("/editor/login")
def login_form(request: Request) -> Response:
    """The sign-in form (editors only: accounts are created from the terminal)."""
    if current_editor(request) is not None:
        return redirect("/editor")
    return _login_page(request)


@router.post("/editor/login", dependencies=[*Protected, Depends(login_limit)])
def login(
    request: Request,
    name: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next_url: Annotated[str, Form(alias="next", max_length=120)] = "",
) -> Response:
    """Check the password; on success set the session cookie and open the queue."""
    try:
        result = _editors(request).login(name, password, channel="web")
    except BackcheckError as exc:
        if exc.code not in ("invalid_login", "account_locked"):
            raise
        return _login_page(request, name[:64], exc.message, status_of(exc))
    response = redirect(next_url if _NEXT.match(next_url) else "/editor")
    response.set_cookie(
        COOKIE,
        result.token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=services_from(request).config.environment == "production",
        path=_PATH,
    )
    return response


@router.post("/editor/logout", dependencies=Protected)
def logout(request: Request) -> Response:
    """End the session: it is deleted from the database and the cookie is cleared."""
    _editors(request).logout(request.cookies.get(COOKIE))
    response = redirect("/editor/login?notice=out")
    response.delete_cookie(COOKIE, path=_PATH)
    return response


# ----- the queue and the decisions -----


@router.get("/editor")
def queue(
    request: Request, editor: EditorPage, page: Annotated[str, Query(max_length=6)] = ""
) -> Response:
    """Stories waiting for review, oldest first, each with approve, reject and edit."""
    result = _stories(request).pending(parse_page(page))
    context = {
        "result": result,
        "pager": page_links("/editor", result.page, result.pages),
        "max_reason": MAX_REASON,
    }
    return _page(request, "editor_queue.html", context, editor)


def _story_page(
    request: Request,
    editor: Editor,
    story: ReviewStory,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    history = _stories(request).audit(1, 50, story_id=story.id)
    context = {
        "story": story,
        "history": history.items,
        "errors": errors or {},
        "values": values
        or {"text": story.submitted_text, "helped": story.submitted_helped or "", "reason": ""},
        "max_story": MAX_STORY,
        "max_helped": MAX_HELPED,
        "max_reason": MAX_REASON,
    }
    return _page(request, "editor_story.html", context, editor, status)


@router.get("/editor/stories/{story_id}")
def story(request: Request, story_id: str, editor: EditorPage) -> Response:
    """One story: its texts, what was removed, its history, and the edit-and-approve form."""
    return _story_page(request, editor, _stories(request).review(_story_id(story_id)))


def _decided(request: Request, editor: Editor, story_id: int, action: str, **form: str) -> Response:
    stories = _stories(request)
    try:
        if action == "approve":
            stories.approve(editor, story_id)
        elif action == "reject":
            stories.reject(editor, story_id, form["reason"])
        else:
            stories.edit_approve(editor, story_id, form["text"], form["helped"])
    except BackcheckError as exc:
        if exc.code == "already_moderated":
            return redirect("/editor?notice=already")
        if not isinstance(exc, InvalidInputError):
            raise
        field = "reason" if action == "reject" else ("helped" if "helped" in exc.code else "text")
        values = {"text": form.get("text", ""), "helped": form.get("helped", "")}
        values["reason"] = form.get("reason", "")
        if action == "reject":
            current = stories.review(story_id)
            values["text"] = current.submitted_text
            values["helped"] = current.submitted_helped or ""
        return _story_page(
            request, editor, stories.review(story_id), {field: exc.message}, values, 422
        )
    notice = {"approve": "approved", "reject": "rejected", "edit_approve": "edited"}[action]
    return redirect(f"/editor?notice={notice}")


@router.post("/editor/stories/{story_id}/approve", dependencies=Protected)
def approve(request: Request, story_id: str, editor: EditorPage) -> Response:
    """Publish the story as submitted."""
    return _decided(request, editor, _story_id(story_id), "approve")


@router.post("/editor/stories/{story_id}/reject", dependencies=Protected)
def reject(
    request: Request,
    story_id: str,
    editor: EditorPage,
    reason: Annotated[str, Form(max_length=5_000)] = "",
) -> Response:
    """Reject the story, with a reason kept for editors only."""
    return _decided(request, editor, _story_id(story_id), "reject", reason=reason)


@router.post("/editor/stories/{story_id}/edit-approve", dependencies=Protected)
def edit_approve(
    request: Request,
    story_id: str,
    editor: EditorPage,
    text: Annotated[str, Form(max_length=20_000)] = "",
    helped: Annotated[str, Form(max_length=5_000)] = "",
) -> Response:
    """Publish the edited text; the submitted text is kept for the record."""
    return _decided(request, editor, _story_id(story_id), "edit_approve", text=text, helped=helped)


@router.get("/editor/audit")
def audit(
    request: Request, editor: EditorPage, page: Annotated[str, Query(max_length=6)] = ""
) -> Response:
    """The audit log: who approved, rejected or edited what, and sign-ins; newest first."""
    result = _stories(request).audit(parse_page(page))
    context = {"result": result, "pager": page_links("/editor/audit", result.page, result.pages)}
    return _page(request, "editor_audit.html", context, editor)
