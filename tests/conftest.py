"""Shared fixtures: knowledge base and engine once per session; databases on demand."""

from __future__ import annotations

import itertools
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from backcheck.engine import Engine
from backcheck.knowledge import KnowledgeBase, load_kb
from backcheck.language import TextParser
from backcheck.storage import Database
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


def fresh_postgres(base: str, template: str = "template0") -> str:
    """Create a database on the test server (empty, or a copy of `template`); its URL."""
    name = f"backcheck_test_{os.getpid()}_{next(_counter)}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file at the newest schema, with nothing in it: copied for each test."""
    path = tmp_path_factory.mktemp("template") / "backcheck.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_base: str) -> str:
    """A PostgreSQL database at the newest schema, with nothing in it: each test gets a copy."""
    url = fresh_postgres(postgres_base)
    database = Database(url)
    database.upgrade()
    database.dispose()  # no connection may stay open on a template
    return url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind at the newest schema (the same tests run on both).

    Each is a copy of one migrated per session (migrating takes longer than copying);
    the migrations themselves run on `empty_database_url` in tests/storage.
    """
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, tmp_path / "backcheck.db")
        return f"sqlite:///{tmp_path / 'backcheck.db'}"
    base: str = request.getfixturevalue("postgres_base")
    return fresh_postgres(base, template=request.getfixturevalue("postgres_template"))


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database of each kind with no schema at all (never migrated)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'backcheck.db'}"
    return fresh_postgres(request.getfixturevalue("postgres_base"))
