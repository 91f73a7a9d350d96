"""How errors become HTTP statuses: one table from the error tree to status codes.

The service layer raises errors from `backcheck.errors` and knows nothing of HTTP; the JSON
API and the web pages both turn them into responses with this table.
"""

from __future__ import annotations

from backcheck.errors import (
    AuthenticationError,
    BackcheckError,
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    LockedError,
    NotFoundError,
    RateLimitedError,
    UnavailableError,
)

__all__ = ["HTTP_CODES", "STATUS", "headers_for", "status_of"]

#: The HTTP status of each kind of error (the first class in an error's ancestry wins).
STATUS: dict[type[BackcheckError], int] = {
    InvalidInputError: 422,
    NotFoundError: 404,
    ConflictError: 409,
    AuthenticationError: 401,
    ForbiddenError: 403,
    LockedError: 423,
    RateLimitedError: 429,
    UnavailableError: 503,
}

#: The error code of a response made by the framework itself (no route, wrong method, ...).
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    423: "account_locked",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def status_of(error: BackcheckError) -> int:
    """The HTTP status for an error (500 for kinds that never reach a client on purpose).

    >>> status_of(NotFoundError("gone")), status_of(BackcheckError("?"))
    (404, 500)
    """
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 500


def headers_for(error: BackcheckError) -> dict[str, str]:
    """Headers an error response needs: when to retry, or how to sign in.

    >>> headers_for(RateLimitedError("slow down", retry_after=3600))
    {'Retry-After': '3600'}
    """
    if isinstance(error, RateLimitedError):
        return {"Retry-After": str(error.retry_after)}
    if isinstance(error, AuthenticationError):
        return {"WWW-Authenticate": "Bearer"}
    return {}
