"""Fixtures for the web tests: one app and client per module, on a temporary SQLite file.

Browser test modules define `base_url` (a live server); `browser` and `page` here use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.helpers import make_app
from tests.web.live import Page, launch, open_page


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return make_app(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for one browser test module."""
    with launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Page]:
    """A fresh tab on the module's live server (`base_url`)."""
    with open_page(browser, base_url) as tab:
        yield tab
