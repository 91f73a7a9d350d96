"""The app factory: the parser is built when a worker starts, unless told to wait."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi.testclient import TestClient

from backcheck.app import create_app
from backcheck.config import Config
from backcheck.knowledge import KnowledgeBase
from backcheck.service import build_services


def _parser_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "backcheck-parser"]


def test_the_parser_is_built_when_a_worker_starts(kb: KnowledgeBase, tmp_path: Path) -> None:
    config = Config(environment="test", data_dir=tmp_path)
    services = build_services(config, kb=kb)
    assert services._parser is None
    with TestClient(create_app(services=services)):
        for thread in _parser_threads():
            thread.join(60)
        assert services._parser is not None


def test_parser_at_start_false_waits_for_the_first_description(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    config = Config(environment="test", data_dir=tmp_path, parser_at_start=False)
    services = build_services(config, kb=kb)
    with TestClient(create_app(services=services)) as client:
        assert services._parser is None
        response = client.post(
            "/api/v1/parse", json={"text": "a dull ache between my shoulder blades"}
        )
        assert response.status_code == 200
        assert services._parser is not None
