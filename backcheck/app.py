"""The application factory: settings, services, API and web pages (nothing built at import)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backcheck import __version__, web
from backcheck.api import (
    API_PREFIX,
    BodySizeLimit,
    HeadAsGet,
    SecurityHeaders,
    api_router,
    error_response,
    validation_details,
)
from backcheck.config import Config
from backcheck.errors import BackcheckError
from backcheck.http import HTTP_CODES, headers_for, status_of
from backcheck.http.deps import install
from backcheck.http.observe import RequestLog
from backcheck.http.observe import router as operations
from backcheck.service import Services, build_services

__all__ = ["create_app", "worker_app"]

_INTERNAL = (
    "Something went wrong on our side. If you have chest pain, trouble breathing, new weakness "
    "or numbness, or sudden severe pain, call emergency services now."
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX + "/") or request.url.path == API_PREFIX


def _error(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: list[str],
    headers: Mapping[str, str] | None = None,
) -> Response:
    if _is_api(request):
        return error_response(status, code, message, details, headers)
    response = web.render_error(request, status, code, message)
    response.headers.update(headers or {})
    return response


def create_app(config: Config | None = None, services: Services | None = None) -> FastAPI:
    """Create the ASGI application (settings from the environment unless given)."""
    config = config or (services.config if services else Config.from_env())
    services = services or build_services(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services.cleanup()
        if services.config.parser_at_start:
            services.warm_parser()  # in the background: the first description need not wait
        yield
        services.db.dispose()

    app = FastAPI(
        title="backcheck",
        version=__version__,
        description="Symptom checker and triage assistant for upper and mid back pain. "
        "It is not a diagnosis.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    install(app, services)
    app.include_router(operations)
    app.include_router(api_router(), prefix=API_PREFIX)
    web.install(app)

    @app.exception_handler(BackcheckError)
    async def refused(request: Request, exc: BackcheckError) -> Response:
        return _error(request, status_of(exc), exc.code, exc.message, [], headers_for(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = validation_details(exc)
        message = "The request is not valid: " + "; ".join(details[:3])
        return _error(request, 422, "invalid_input", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = {
            404: "There is nothing at this address.",
            405: "This address does not accept that kind of request.",
        }.get(exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        allowed = [m.strip() for m in headers.get("Allow", "").split(",") if m.strip()]
        if "GET" in allowed and "HEAD" not in allowed:  # HeadAsGet answers HEAD wherever GET
            headers["Allow"] = ", ".join([*allowed, "HEAD"])
        return _error(request, exc.status_code, code, message, [], headers)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return _error(request, 500, "internal_error", _INTERNAL, [])

    # The last added runs first: every response, a refused body's 413 too, gets the headers.
    app.add_middleware(BodySizeLimit, limit=config.max_body_bytes)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


#: Statuses any operation with a body can answer, besides those its route declares.
_BODY_ERRORS = {
    "400": "The body could not be read (for example malformed JSON or form data)",
    "413": "The body is larger than BACKCHECK_MAX_BODY_BYTES",
    "422": "Invalid input",
    "429": "Too many requests (Retry-After says when to try again)",
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the statuses the middleware adds to every operation."""
    if app.openapi_schema is None:
        spec = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in spec.get("paths", {}).values():
            for operation in operations.values():
                if "requestBody" not in operation:
                    continue
                for code, description in _BODY_ERRORS.items():
                    operation["responses"].setdefault(
                        code, {"description": description, "content": error}
                    )
        _link_interviews(spec)
        app.openapi_schema = spec
    return app.openapi_schema


def _link_interviews(spec: dict[str, Any]) -> None:
    """OpenAPI links: the id a started interview answers with is what its other routes take."""
    paths = spec.get("paths", {})
    start = paths.get(f"{API_PREFIX}/interviews", {}).get("post", {})
    created = start.get("responses", {}).get("201")
    if created is None:
        return
    links = created.setdefault("links", {})
    for path, methods in paths.items():
        if "{interview_id}" not in path:
            continue
        for method, operation in methods.items():
            name = operation["operationId"]
            links[name] = {
                "operationId": name,
                "parameters": {"interview_id": "$response.body#/id"},
                "description": f"{method.upper()} {path} for the interview just started.",
            }


def worker_app() -> FastAPI:
    """The app in one worker of `backcheck serve --workers N`: it stops when its supervisor dies.

    Without this, `kill -9` of the supervisor leaves the workers serving on the shared socket,
    and the next start fails with "address already in use". Linux sends the worker SIGTERM
    (a graceful stop) when its parent dies; if the parent died already, the worker stops now.
    """
    import ctypes
    import os
    import signal
    import sys

    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
        if os.getppid() == 1:
            os.kill(os.getpid(), signal.SIGTERM)
    return create_app()
