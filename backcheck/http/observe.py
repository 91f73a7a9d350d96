"""Operating backcheck: health and readiness, Prometheus metrics, access logs as JSON lines.

Nothing here ever holds an interview id, a client address or a text: requests are labelled by
their route's template (`/api/v1/interviews/{interview_id}`), never by their path.
"""

from __future__ import annotations

import logging
import os
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backcheck.http.deps import services_from
from backcheck.logs import JsonFormatter

__all__ = ["REQUEST_SECONDS", "JsonFormatter", "RequestLog", "router"]

REQUEST_SECONDS = Histogram(
    "backcheck_request_seconds",
    "Time to answer a request, by route template, method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

access_log = logging.getLogger("backcheck.access")


def _route(scope: Scope) -> str:
    """The path with each path parameter's segment replaced by its name.

    >>> _route({"path": "/interview/abc/q/1", "endpoint": print,
    ...         "path_params": {"interview_id": "abc", "n": 1}})
    '/interview/{interview_id}/q/{n}'
    >>> _route({"path": "/interview/abc"}), _route({"path": "/static/site.css"})
    ('unmatched', '/static')
    """
    path = str(scope.get("path", ""))
    if path.startswith("/static/"):
        return "/static"
    if "endpoint" not in scope:
        return "unmatched"
    names = {str(value): name for name, value in scope.get("path_params", {}).items()}
    return "/".join(f"{{{names[part]}}}" if part in names else part for part in path.split("/"))


class RequestLog:
    """Time every request into the latency histogram and log it, by route template only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            seconds = time.perf_counter() - started
            route, method = _route(scope), str(scope.get("method", ""))
            REQUEST_SECONDS.labels(route, method, str(status)).observe(seconds)
            access_log.info(
                "request",
                extra={"method": method, "route": route, "status": status,
                       "ms": round(seconds * 1000, 1)},
            )  # fmt: skip


router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up and answering."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """The database and the rate-limit store are reachable (503 when either is not)."""
    services = services_from(request)
    checks = {"database": "ok", "rate_limit_store": "ok"}
    try:
        with services.db.session(readonly=True) as session:
            session.execute(text("select 1"))
    except Exception:
        checks["database"] = "unreachable"
    if not services.limiter.reachable():
        checks["rate_limit_store"] = "unreachable"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ready" if ready else "not_ready", **checks},
                        status_code=200 if ready else 503)  # fmt: skip


@router.get("/metrics")
def metrics() -> Response:
    """Prometheus metrics (of every worker when PROMETHEUS_MULTIPROC_DIR is set)."""
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
