"""Dependencies of the API routes (FastAPI `Depends`, declared with `Annotated`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backcheck.service import (
    AssessService,
    Editor,
    EditorService,
    InterviewService,
    Services,
    StatisticsService,
    StoryService,
)
from backcheck.service.runtime import ServiceError

__all__ = [
    "AssessDep",
    "EditorDep",
    "EditorsDep",
    "InterviewsDep",
    "ServicesDep",
    "StatisticsDep",
    "StoriesDep",
    "bearer_token",
    "client_address",
    "current_editor",
    "get_assess",
    "get_editors",
    "get_interviews",
    "get_services",
    "get_statistics",
    "get_stories",
    "login_limit",
    "write_limit",
]


async def get_services(request: Request) -> Services:
    """The process's services, created by the app factory."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_interviews(services: ServicesDep) -> InterviewService:
    """Interview use cases."""
    return InterviewService(services)


async def get_assess(services: ServicesDep) -> AssessService:
    """Stateless assessment use cases."""
    return AssessService(services)


async def get_statistics(request: Request) -> StatisticsService:
    """The statistics service (long-lived: it caches aggregates)."""
    stats: StatisticsService = request.app.state.statistics
    return stats


InterviewsDep = Annotated[InterviewService, Depends(get_interviews)]
AssessDep = Annotated[AssessService, Depends(get_assess)]
StatisticsDep = Annotated[StatisticsService, Depends(get_statistics)]


def client_address(request: Request) -> str:
    """The client's address as the server sees it (only ever used hashed, never stored)."""
    return request.client.host if request.client else "unknown"


async def write_limit(request: Request, services: ServicesDep) -> None:
    """Refuse a write when this client is over the configured rate."""
    if not services.allow(client_address(request), "write", services.config.write_rate):
        raise ServiceError(
            "rate_limited",
            "Too many requests from your address; please wait a minute and try again.",
            429,
        )


async def get_stories(services: ServicesDep) -> StoryService:
    """Story use cases."""
    return StoryService(services)


async def get_editors(services: ServicesDep) -> EditorService:
    """Editor accounts and sessions."""
    return EditorService(services)


StoriesDep = Annotated[StoryService, Depends(get_stories)]
EditorsDep = Annotated[EditorService, Depends(get_editors)]
_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/editor/login.")


async def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str | None:
    """The bearer token of the request, if any."""
    return credentials.credentials if credentials is not None else None


async def current_editor(
    token: Annotated[str | None, Depends(bearer_token)], editors: EditorsDep
) -> Editor:
    """The editor whose session token the request carries (401 without a valid one)."""
    return editors.require(token)


EditorDep = Annotated[Editor, Depends(current_editor)]


async def login_limit(request: Request, services: ServicesDep) -> None:
    """Refuse sign-in attempts from a client over the configured rate."""
    if not services.allow(client_address(request), "login", services.config.login_rate):
        raise ServiceError(
            "rate_limited",
            "Too many sign-in attempts from your address; please wait a few minutes.",
            429,
        )
