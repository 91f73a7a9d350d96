"""PostgreSQL for the test session: the server CI started, or a throwaway one of our own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from backcheck.evaluation.servers import throwaway_postgres

__all__ = ["postgres_server", "required"]


def required() -> bool:
    """Whether missing PostgreSQL must fail the run (CI) instead of skipping."""
    return os.environ.get("BACKCHECK_REQUIRE_POSTGRES") == "1"


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yield a base URL (postgresql+psycopg://postgres@127.0.0.1:PORT) or None if unavailable.

    BACKCHECK_TEST_POSTGRES_URL names a server already running (as in .ci/run).
    """
    external = os.environ.get("BACKCHECK_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    with throwaway_postgres() as url:
        yield url
