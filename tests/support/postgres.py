"""PostgreSQL for the test session: the server CI started, or a throwaway one of our own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from backcheck.evaluation.servers import throwaway_postgres
from tests.support import external

__all__ = ["postgres_server", "required"]


def required() -> bool:
    """Whether missing PostgreSQL must fail the run (CI) instead of skipping."""
    return external.required("postgres")


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yield a base URL (postgresql+psycopg://postgres@127.0.0.1:PORT) or None if unavailable.

    BACKCHECK_TEST_POSTGRES_URL names a server already running (as in .ci/run).
    """
    with external.server("BACKCHECK_TEST_POSTGRES_URL", throwaway_postgres) as url:
        yield url
