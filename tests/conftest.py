"""Shared fixtures: the knowledge base and engine are built once per test session."""

from __future__ import annotations

import pytest

from backcheck.engine import Engine
from backcheck.knowledge import KnowledgeBase, load_kb


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)
