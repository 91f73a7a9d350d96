"""Building API test clients on a given database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from backcheck.app import create_app
from backcheck.config import Config, RateLimit
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser
from backcheck.service import Services, build_services

_GENEROUS = {
    "write_rate": RateLimit(10_000, 60),
    "story_rate": RateLimit(10_000, 3600),
    "login_rate": RateLimit(10_000, 3600),
}


def make_services(
    kb: KnowledgeBase,
    database_url: str,
    tmp_path: Path,
    parser: TextParser | None = None,
    **overrides: Any,
) -> Services:
    """Services on the database, with rate limits out of the way unless overridden.

    The parser is built at the first description (most tests send none), unless the test gives
    the session's `parser` fixture: building one takes a second or more.
    """
    config = Config(
        environment="test",
        data_dir=tmp_path,
        database_url=database_url,
        **{"parser_at_start": False, "password_profile": "cheapest", **_GENEROUS, **overrides},
    )
    return build_services(config, kb=kb, parser=parser)


def make_client(
    kb: KnowledgeBase,
    database_url: str,
    tmp_path: Path,
    parser: TextParser | None = None,
    **overrides: Any,
) -> TestClient:
    """A test client for the whole app on the database (see `make_services`)."""
    services = make_services(kb, database_url, tmp_path, parser, **overrides)
    return TestClient(create_app(services=services))
