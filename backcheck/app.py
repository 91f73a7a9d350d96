"""The application factory: settings, services, API and web pages (nothing built at import)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backcheck import __version__, web
from backcheck.api import (
    API_PREFIX,
    BodySizeLimit,
    SecurityHeaders,
    api_router,
    error_response,
    validation_details,
)
from backcheck.config import Config
from backcheck.errors import BackcheckError
from backcheck.http import HTTP_CODES, headers_for, status_of
from backcheck.http.deps import install
from backcheck.service import Services, build_services

__all__ = ["create_app"]

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
        return _error(request, exc.status_code, code, message, [])

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return _error(request, 500, "internal_error", _INTERNAL, [])

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, limit=config.max_body_bytes)
    return app
