"""The labelled phrases, once per session (the parser fixture is in tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from backcheck.evaluation.phrases import load_phrases


@pytest.fixture(scope="session")
def phrases() -> list[dict[str, Any]]:
    return load_phrases()
