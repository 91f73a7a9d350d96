"""Fixtures for the storage tests: a migrated database of each kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backcheck.storage import Database


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """An empty database (SQLite, then PostgreSQL) at the newest schema."""
    database = Database(database_url)
    database.upgrade()
    yield database
    database.dispose()
