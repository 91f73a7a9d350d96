"""Real-life stories: the published list, and the "share your story" form."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from backcheck.errors import BackcheckError, NotFoundError
from backcheck.http.deps import client_address, services_from, write_limit
from backcheck.service import (
    MAX_HELPED,
    MAX_STORY,
    MIN_STORY,
    StoryDraft,
    StoryPage,
    StoryService,
    describe_removals,
)
from backcheck.service.scrub import KINDS
from backcheck.web import csrf
from backcheck.web.render import render

__all__ = ["FIELD_ERRORS", "page_links", "parse_page", "router"]

router = APIRouter(include_in_schema=False)
Guarded = [Depends(csrf.require_csrf), Depends(write_limit)]

#: Which form field a service error belongs to.
FIELD_ERRORS = {
    "story_too_short": "text",
    "story_too_long": "text",
    "helped_too_long": "helped",
    "invalid_condition": "condition_id",
    "invalid_age_band": "age_band",
    "invalid_duration": "duration",
}
_NO_PAGE = "There is no such page of stories. The first page has the newest ones."


def parse_page(text: str) -> int:
    """A page number from the query string (a friendly 404 for anything else).

    >>> parse_page("2"), parse_page("")
    (2, 1)
    """
    if not text:
        return 1
    if not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise NotFoundError(_NO_PAGE, "invalid_page")
    return int(text)


def page_links(base: str, page: int, pages: int, **params: str) -> dict[str, str | None]:
    """Previous and next page URLs (None at either end), keeping the other parameters.

    >>> page_links("/stories", 2, 3, condition="shingles")["next"]
    '/stories?condition=shingles&page=3'
    """
    kept = {k: v for k, v in params.items() if v}

    def url(number: int) -> str:
        query = urlencode({**kept, "page": str(number)} if number > 1 else kept)
        return f"{base}?{query}" if query else base

    return {
        "previous": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < pages else None,
    }


def _stories(request: Request) -> StoryService:
    return StoryService(services_from(request))


@router.get("/stories")
def index(
    request: Request,
    page: Annotated[str, Query(max_length=6)] = "",
    condition: Annotated[str, Query(max_length=60)] = "",
) -> Response:
    """Published stories, newest first, ten a page, optionally about one condition."""
    stories = _stories(request)
    number = parse_page(page)
    options = stories.options()
    error = None
    status = 200
    try:
        result: StoryPage = stories.published(condition or None, number)
    except BackcheckError as exc:
        if exc.code != "invalid_condition":
            raise
        error, status, condition = "Please choose a condition from the list.", 422, ""
        result = stories.published(None, number)
    if result.page > result.pages:
        raise NotFoundError(_NO_PAGE, "invalid_page")
    names = dict(options.conditions)
    context = {
        "result": result,
        "options": options,
        "condition": condition,
        "condition_name": names.get(condition),
        "pager": page_links("/stories", result.page, result.pages, condition=condition),
        "error": error,
    }
    return render(request, "stories.html", context, status)


def _form(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
    problem: str | None = None,
) -> Response:
    context: dict[str, Any] = {
        "values": values,
        "errors": errors or {},
        "problem": problem,
        "options": _stories(request).options(),
        "max_story": MAX_STORY,
        "min_story": MIN_STORY,
        "max_helped": MAX_HELPED,
    }
    return render(request, "story_form.html", context, status)


@router.get("/stories/new")
def new(request: Request, condition: Annotated[str, Query(max_length=60)] = "") -> Response:
    """The "share your story" form, with the condition filled in when the link names one."""
    known = dict(_stories(request).options().conditions)
    return _form(request, {"condition_id": condition if condition in known else ""})


@router.post("/stories/new", dependencies=Guarded)
def submit(
    request: Request,
    text: Annotated[str, Form(max_length=20_000)] = "",
    condition_id: Annotated[str, Form(max_length=60)] = "",
    age_band: Annotated[str, Form(max_length=20)] = "",
    duration: Annotated[str, Form(max_length=20)] = "",
    helped: Annotated[str, Form(max_length=5_000)] = "",
) -> Response:
    """Check, scrub and store the story; show what was kept and what was removed."""
    values = {
        "text": text[: MAX_STORY * 2],
        "condition_id": condition_id,
        "age_band": age_band,
        "duration": duration,
        "helped": helped[: MAX_HELPED * 2],
    }
    draft = StoryDraft(text, condition_id or None, age_band or None, duration or None, helped)
    try:
        result = _stories(request).submit(draft, client=client_address(request))
    except BackcheckError as exc:
        field = FIELD_ERRORS.get(exc.code)
        if field is not None:
            return _form(request, values, {field: exc.message}, 422)
        if exc.code == "rate_limited":
            return _form(request, values, {}, 429, exc.message)
        raise
    context = {
        "result": result,
        "message": result.message,
        "removed": describe_removals(result.removed) if result.removed else None,
        "marker": KINDS[result.removed[0].kind][2] if result.removed else "",
    }
    return render(request, "story_thanks.html", context)
