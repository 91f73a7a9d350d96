"""Rendering pages: the Jinja2 environment, the shared page context and the friendly error page."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from backcheck.http.deps import services_from
from backcheck.web import csrf

__all__ = [
    "EMERGENCY_NUMBERS",
    "emergency_numbers",
    "environment",
    "redirect",
    "render",
    "render_error",
]

#: Headings for error pages by HTTP status.
_TITLES = {
    400: "That request was not understood",
    403: "That form could not be accepted",
    404: "We could not find that page",
    405: "That did not work",
    409: "Things moved on",
    413: "That was too long",
    422: "Some answers need another look",
    429: "Too many requests",
}


@cache
def environment() -> Environment:
    """The template environment (autoescaping on; templates ship inside the package)."""
    env = Environment(
        loader=PackageLoader("backcheck.web", "templates"),
        autoescape=select_autoescape(["html", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["urlpart"] = lambda s: quote(str(s), safe="")
    return env


#: Emergency numbers people may need, as (number, where); the configured local one comes first.
EMERGENCY_NUMBERS = (("911", "the US and Canada"), ("112", "Europe"), ("999", "the UK"))


def emergency_numbers(local: str) -> list[tuple[str, str]]:
    """The emergency numbers to show, the local one first.

    >>> emergency_numbers("999")[0], len(emergency_numbers("000"))
    (('999', 'the UK'), 4)
    """
    known = dict(EMERGENCY_NUMBERS)
    first = (local, known.get(local, "here"))
    return [first, *((n, w) for n, w in EMERGENCY_NUMBERS if n != local)]


def _base_context(request: Request) -> dict[str, Any]:
    services = services_from(request)
    settings = services.kb.settings
    token = csrf.issue(request)
    field = Markup('<input type="hidden" name="{}" value="{}">').format(csrf.FIELD, token)
    return {
        "request_path": request.url.path,
        "emergency_signs": settings.emergency_signs,
        "disclaimer": settings.disclaimer,
        "csrf_field": lambda: field,
        "emergency_level": settings.triage["emergency_ambulance"],
        "numbers": emergency_numbers(services.config.emergency_number),
    }


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render a page with the shared context (emergency signs, disclaimer, CSRF field)."""
    values = _base_context(request)
    values.update(context or {})
    body = environment().get_template(template).render(values)
    response = HTMLResponse(body, status_code=status, headers=dict(headers or {}))
    csrf.set_cookie(request, response)
    return response


def redirect(url: str) -> RedirectResponse:
    """See Other: the Get step of Post/Redirect/Get."""
    return RedirectResponse(url, status_code=303)


def render_error(
    request: Request,
    status: int,
    code: str,
    message: str,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """A friendly error page in the site's layout, with the emergency signs; never a traceback."""
    context: dict[str, Any] = {
        "status": status,
        "code": code,
        "title": _TITLES.get(status, "Sorry, something went wrong"),
        "message": message,
        "continue_url": None,
    }
    context.update(extra or {})
    try:
        return render(request, "error.html", context, status, {"X-Error-Code": code})
    except Exception:  # the page itself failed: fall back to plain, still-safe HTML
        return _plain_error(request, status, code, message)


def _plain_error(request: Request, status: int, code: str, message: str) -> Response:
    del request
    env = Environment(autoescape=True)
    body = env.from_string(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Sorry</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'></head><body><main>"
        "<h1>Sorry</h1><p>{{ message }}</p><p><strong>This is not a diagnosis.</strong> "
        "If you have chest pain or pressure, sudden tearing pain, shortness of breath, "
        "fainting, new weakness or numbness, or lost control of your bladder or bowels, "
        "call emergency services now.</p><p><a href='/'>Back to the start</a></p>"
        "</main></body></html>"
    ).render(message=message)
    return HTMLResponse(body, status_code=status, headers={"X-Error-Code": code})
