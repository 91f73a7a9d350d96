"""CSRF protection for every HTML form: a random cookie and a form field bound to it by HMAC.

The browser holds a random `bc_csrf` cookie (HttpOnly, SameSite=Strict, Secure in production).
Each form carries a hidden `csrf_token` field equal to HMAC(secret_key, cookie). A POST is
accepted only when both are present and match; a page from another site can neither read the
cookie nor compute the token without the server's secret. Reuse it in any web form:

    @router.post("/thing", dependencies=[Depends(require_csrf)])

and put `{{ csrf_field() }}` (see render.py) inside the form.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from fastapi import Request
from fastapi.responses import Response

from backcheck.errors import ForbiddenError
from backcheck.http.deps import services_from
from backcheck.service import Services

__all__ = [
    "COOKIE",
    "FIELD",
    "cookie_value",
    "issue",
    "require_csrf",
    "set_cookie",
    "token_for",
    "valid",
]

#: The cookie holding the browser's random value.
COOKIE = "bc_csrf"
#: The hidden form field holding HMAC(secret, cookie).
FIELD = "csrf_token"
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_STATE = "bc_csrf_new"

REFUSED = (
    "This form could not be accepted because it was out of date or did not come from a "
    "backcheck page (a safety check against forged requests). Go back, reload the page and "
    "try again. Your answers so far are kept."
)


def _services(request: Request) -> Services:
    return services_from(request)


def token_for(secret_key: str, cookie: str) -> str:
    """The form token for a cookie value.

    >>> token_for("k", "a" * 32) == token_for("k", "a" * 32) != token_for("j", "a" * 32)
    True
    """
    return hmac.new(secret_key.encode(), f"csrf\0{cookie}".encode(), hashlib.sha256).hexdigest()


def cookie_value(request: Request) -> str | None:
    """The browser's CSRF cookie if it is well formed."""
    value = request.cookies.get(COOKIE)
    return value if value is not None and _SHAPE.match(value) else None


def issue(request: Request) -> str:
    """The form token for this request, creating a cookie value if the browser has none."""
    value = cookie_value(request) or getattr(request.state, _STATE, None)
    if value is None:
        value = secrets.token_urlsafe(32)
        setattr(request.state, _STATE, value)
    return token_for(_services(request).config.secret_key, value)


def set_cookie(request: Request, response: Response) -> None:
    """Send the cookie created by `issue` during this request (nothing if none was created)."""
    value: str | None = getattr(request.state, _STATE, None)
    if value is None:
        return
    response.set_cookie(
        COOKIE,
        value,
        httponly=True,
        samesite="strict",
        secure=_services(request).config.environment == "production",
        path="/",
    )


def valid(secret_key: str, cookie: str | None, token: object) -> bool:
    """Whether a submitted token matches the cookie.

    >>> c = "b" * 40
    >>> valid("k", c, token_for("k", c)), valid("k", c, "x"), valid("k", None, "x")
    (True, False, False)
    """
    if cookie is None or not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(token_for(secret_key, cookie), token)


async def require_csrf(request: Request) -> None:
    """FastAPI dependency: refuse the POST (403, friendly page) unless its token is valid."""
    form = await request.form()
    if not valid(_services(request).config.secret_key, cookie_value(request), form.get(FIELD)):
        raise ForbiddenError(REFUSED, "csrf_failed")
