"""The JSON API under /api/v1 (thin routes over the service layer)."""

from fastapi import APIRouter

from backcheck.api import assess, diaries, docs, interviews, library, records, stories
from backcheck.api.errors import error_response, validation_details
from backcheck.api.middleware import CSP, BodySizeLimit, HeadAsGet, SecurityHeaders

__all__ = [
    "API_PREFIX",
    "CSP",
    "BodySizeLimit",
    "HeadAsGet",
    "SecurityHeaders",
    "api_router",
    "error_response",
    "validation_details",
]

API_PREFIX = "/api/v1"


def api_router() -> APIRouter:
    """Every API route, to be mounted at /api/v1."""
    router = APIRouter()
    router.include_router(interviews.router)
    router.include_router(records.router)
    router.include_router(diaries.router)
    router.include_router(assess.router)
    router.include_router(library.router)
    router.include_router(stories.router)
    router.include_router(docs.router)
    return router
