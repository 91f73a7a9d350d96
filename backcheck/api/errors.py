"""Errors as JSON: a code for programs and a message for people; never a traceback."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from backcheck.api.schemas import ErrorBody, ErrorOut

__all__ = ["error_response", "validation_details"]


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A JSON error response."""
    body = ErrorOut(error=ErrorBody(code=code, message=message, details=details or []))
    return JSONResponse(body.model_dump(), status_code=status, headers=dict(headers or {}))


def validation_details(exc: RequestValidationError) -> list[str]:
    """Readable lines from a validation error, e.g. 'body.age: Input should be ...'."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(part) for part in err.get("loc", ()) if part != "body") or "body"
        lines.append(f"{loc}: {err.get('msg', 'invalid')}")
    return lines[:20]
