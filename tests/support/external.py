"""A server for the test session: the one CI started (named by a variable), or a throwaway one."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

__all__ = ["required", "server"]


def required(kind: str) -> bool:
    """Whether a missing server must fail the run (CI: BACKCHECK_REQUIRE_<KIND>=1)."""
    return os.environ.get(f"BACKCHECK_REQUIRE_{kind.upper()}") == "1"


@contextmanager
def server(
    variable: str, throwaway: Callable[[], AbstractContextManager[str | None]]
) -> Iterator[str | None]:
    """Yield the URL in `variable` if set, else start a throwaway server (None: not installed)."""
    external = os.environ.get(variable)
    if external:
        yield external
        return
    with throwaway() as url:
        yield url
