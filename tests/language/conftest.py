"""One text parser for the whole test session: building it loads medspacy (about a second)."""

from __future__ import annotations

from typing import Any

import pytest

from backcheck.evaluation.phrases import load_phrases
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser


@pytest.fixture(scope="session")
def parser(kb: KnowledgeBase) -> TextParser:
    return TextParser(kb)


@pytest.fixture(scope="session")
def phrases() -> list[dict[str, Any]]:
    return load_phrases()
