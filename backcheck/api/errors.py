"""Errors as JSON: a code for programs and a message for people; never a traceback."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from backcheck.api.schemas import ErrorBody, ErrorOut

__all__ = ["HTTP_CODES", "error_response", "validation_details"]

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
}


def error_response(
    status: int, code: str, message: str, details: list[str] | None = None
) -> JSONResponse:
    """A JSON error response."""
    body = ErrorOut(error=ErrorBody(code=code, message=message, details=details or []))
    headers = {"Retry-After": "60"} if status == 429 else None
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def validation_details(exc: RequestValidationError) -> list[str]:
    """Readable lines from a validation error, e.g. 'body.age: Input should be ...'."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(part) for part in err.get("loc", ()) if part != "body") or "body"
        lines.append(f"{loc}: {err.get('msg', 'invalid')}")
    return lines[:20]
