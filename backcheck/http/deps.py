"""What every HTTP route may depend on (FastAPI `Depends`, declared with `Annotated`).

The process's services, the use cases, the client's address, rate limits and the signed-in
editor.

This is the only module that reads `app.state`; the JSON API and the web pages both use it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backcheck.service import (
    AssessService,
    DiaryService,
    DocumentService,
    Editor,
    EditorService,
    InterviewService,
    Services,
    StatisticsService,
    StoryService,
)

__all__ = [
    "AssessDep",
    "DiariesDep",
    "DocumentsDep",
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
    "get_diaries",
    "get_documents",
    "get_editors",
    "get_interviews",
    "get_services",
    "get_statistics",
    "get_stories",
    "install",
    "login_limit",
    "read_limit",
    "services_from",
    "statistics_from",
    "text_limit",
    "write_limit",
]


def install(app: FastAPI, services: Services) -> None:
    """Attach the process's services (and the long-lived statistics cache) to the app."""
    app.state.services = services
    app.state.statistics = StatisticsService(services)


def services_from(request: Request) -> Services:
    """The process's services, as the app factory installed them."""
    services: Services = request.app.state.services
    return services


def statistics_from(request: Request) -> StatisticsService:
    """The statistics service (long-lived: it caches aggregates)."""
    stats: StatisticsService = request.app.state.statistics
    return stats


async def get_services(request: Request) -> Services:
    """The process's services, created by the app factory."""
    return services_from(request)


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_interviews(services: ServicesDep) -> InterviewService:
    """Interview use cases."""
    return InterviewService(services)


async def get_assess(services: ServicesDep) -> AssessService:
    """Stateless assessment use cases."""
    return AssessService(services)


async def get_statistics(request: Request) -> StatisticsService:
    """The statistics service (long-lived: it caches aggregates)."""
    return statistics_from(request)


async def get_documents(services: ServicesDep) -> DocumentService:
    """The PDF report and FHIR record of a finished check."""
    return DocumentService(services)


async def get_diaries(services: ServicesDep) -> DiaryService:
    """Pain-diary use cases."""
    return DiaryService(services)


InterviewsDep = Annotated[InterviewService, Depends(get_interviews)]
DiariesDep = Annotated[DiaryService, Depends(get_diaries)]
DocumentsDep = Annotated[DocumentService, Depends(get_documents)]
AssessDep = Annotated[AssessService, Depends(get_assess)]
StatisticsDep = Annotated[StatisticsService, Depends(get_statistics)]


def client_address(request: Request) -> str:
    """The client's address as the server sees it (only ever used hashed, never stored)."""
    return request.client.host if request.client else "unknown"


async def write_limit(request: Request, services: ServicesDep) -> None:
    """Refuse a write (or a computation) when this client is over the configured rate."""
    services.check_rate(
        client_address(request),
        "write",
        services.config.write_rate,
        "Too many requests from your address; please wait a little and try again.",
    )


async def read_limit(request: Request, services: ServicesDep) -> None:
    """Refuse a read that costs a computation when this client is over the configured rate."""
    services.check_rate(
        client_address(request),
        "read",
        services.config.read_rate,
        "Too many requests from your address; please wait a little and try again.",
    )


#: Free text is charged per started block of this many characters.
TEXT_BLOCK = 100


def text_limit(request: Request, services: Services, text: str | None) -> None:
    """Charge free text to be read against the client's budget of characters (by its length)."""
    if not text:
        return
    rate = services.config.text_rate
    services.check_rate(
        client_address(request),
        "text",
        type(rate)(max(1, rate.count // TEXT_BLOCK), rate.seconds),
        "You have sent a lot of text in a short time; please wait a little and try again.",
        cost=-(-len(text) // TEXT_BLOCK),
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
    services.check_rate(
        client_address(request),
        "login",
        services.config.login_rate,
        "Too many sign-in attempts from your address; please wait and try again later.",
    )
