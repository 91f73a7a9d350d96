"""Redis for the test session: the server CI started, or a throwaway one of our own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from backcheck.evaluation.servers import throwaway_redis
from tests.support import external

__all__ = ["redis_server", "required"]


def required() -> bool:
    """Whether missing Redis must fail the run (CI) instead of skipping."""
    return external.required("redis")


@contextmanager
def redis_server() -> Iterator[str | None]:
    """Yield a Redis URL (redis://127.0.0.1:PORT/0) or None if unavailable.

    BACKCHECK_TEST_REDIS_URL names a server already running (as in .ci/run).
    """
    with external.server("BACKCHECK_TEST_REDIS_URL", throwaway_redis) as url:
        yield url
