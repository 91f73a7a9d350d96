"""Shared fixtures: knowledge base and engine once per session; databases on demand."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from backcheck.engine import Engine
from backcheck.knowledge import KnowledgeBase, load_kb
from backcheck.language import TextParser
from tests.support import redis
from tests.support.postgres import postgres_server, required

_counter = itertools.count()


def worker_number() -> int:
    """This pytest-xdist worker's number (0 when the tests run in one process)."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)


@pytest.fixture(scope="session")
def parser(kb: KnowledgeBase) -> TextParser:
    """One text parser for the whole test session: building it loads medspacy (about a second)."""
    return TextParser(kb)


@pytest.fixture(scope="session")
def postgres_base() -> Iterator[str]:
    with postgres_server() as url:
        if url is None:
            if required():
                pytest.fail("PostgreSQL is required (BACKCHECK_REQUIRE_POSTGRES=1) but not found")
            pytest.skip("PostgreSQL is not installed (set BACKCHECK_REQUIRE_POSTGRES=1 to fail)")
        yield url


@pytest.fixture(scope="session")
def redis_base() -> Iterator[str]:
    with redis.redis_server() as url:
        if url is None:
            if redis.required():
                pytest.fail("Redis is required (BACKCHECK_REQUIRE_REDIS=1) but not found")
            pytest.skip("Redis is not installed (set BACKCHECK_REQUIRE_REDIS=1 to fail)")
        # Each worker of a parallel run has a database of its own (tests empty it).
        yield re.sub(r"/\d*$", "", url) + f"/{worker_number()}"


@pytest.fixture
def redis_url(redis_base: str) -> str:
    """A Redis database emptied for this test."""
    return emptied(redis_base)


def emptied(url: str) -> str:
    """Empty the Redis database at `url`; return the URL."""
    import redis as client

    connection = client.Redis.from_url(url)
    connection.flushdb()
    connection.close()
    return url


def fresh_postgres(base: str) -> str:
    """Create an empty database on the test server; return its SQLAlchemy URL."""
    name = f"backcheck_test_{os.getpid()}_{next(_counter)}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind (the same tests run on SQLite and PostgreSQL)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'backcheck.db'}"
    base: str = request.getfixturevalue("postgres_base")
    return fresh_postgres(base)
