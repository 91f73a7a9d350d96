"""Fixtures for the storage tests: a migrated database of each kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backcheck.storage import Database


@pytest.fixture
def db(empty_database_url: str) -> Iterator[Database]:
    """An empty database (SQLite, then PostgreSQL), migrated here to the newest schema."""
    database = Database(empty_database_url)
    assert database.revision() is None
    database.upgrade()
    yield database
    database.dispose()
