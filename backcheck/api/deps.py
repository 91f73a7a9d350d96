"""Dependencies of the API routes (FastAPI `Depends`, declared with `Annotated`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from backcheck.service import AssessService, InterviewService, Services, StatisticsService
from backcheck.service.runtime import ServiceError

__all__ = [
    "AssessDep",
    "InterviewsDep",
    "ServicesDep",
    "StatisticsDep",
    "client_address",
    "get_assess",
    "get_interviews",
    "get_services",
    "get_statistics",
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
