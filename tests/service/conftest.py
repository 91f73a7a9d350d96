"""The use cases on a real database of each kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backcheck.config import Config
from backcheck.knowledge import KnowledgeBase
from backcheck.service import Services, build_services


@pytest.fixture
def services(kb: KnowledgeBase, database_url: str, tmp_path: Path) -> Iterator[Services]:
    """Services on an empty database (SQLite, then PostgreSQL); modules may override it."""
    config = Config(environment="test", data_dir=tmp_path, database_url=database_url)
    built = build_services(config, kb=kb)
    yield built
    built.db.dispose()
