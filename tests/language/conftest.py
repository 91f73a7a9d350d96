"""One text parser for the whole test session: building it loads medspacy (about a second)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser

PHRASES = Path(__file__).with_name("phrases.yaml")


@pytest.fixture(scope="session")
def parser(kb: KnowledgeBase) -> TextParser:
    return TextParser(kb)


@pytest.fixture(scope="session")
def phrases() -> list[dict[str, Any]]:
    data = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data
