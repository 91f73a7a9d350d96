"""HTTP conformance: Allow on 405, HEAD, 413 for any body over the cap (with the security
headers), strict JSON types, the statuses the OpenAPI document promises, aware datetimes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backcheck.knowledge import KnowledgeBase
from tests.api.helpers import make_client


@pytest.fixture
def client(kb: KnowledgeBase, tmp_path: Path) -> Iterator[TestClient]:
    with make_client(kb, f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path) as c:
        yield c


def test_405_says_what_is_allowed(client: TestClient) -> None:
    answer = client.delete("/api/v1/conditions")
    assert (answer.status_code, answer.headers.get("allow")) == (405, "GET, HEAD")


def test_head_works_wherever_get_does(client: TestClient) -> None:
    for path in ("/", "/api/v1/conditions", "/healthz", "/static/site.css"):
        got, head = client.get(path), client.head(path)
        assert (path, head.status_code, head.content) == (path, got.status_code, b"")
        assert head.headers.get("content-type") == got.headers.get("content-type")


def test_a_chunked_body_over_the_cap_gets_413_with_security_headers(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 1000

    json = {"content-type": "application/json"}
    for answer in (
        client.post("/api/v1/parse", content=chunks(), headers=json),
        client.post("/api/v1/parse", content=b"x" * 70_000, headers=json),
    ):
        assert answer.status_code == 413
        assert answer.json()["error"]["code"] == "request_too_large"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_json_types_are_strict(client: TestClient) -> None:
    bad = [
        {"age": True},
        {"age": "40"},
        {"age": 40.5},
        {"age": 40, "pregnant": "yes"},
        {"age": 40, "sex": 1},
    ]
    codes = [client.post("/api/v1/interviews", json=body).status_code for body in bad]
    assert codes == [422] * len(bad)
    assert client.post("/api/v1/interviews", json={"age": 40}).status_code == 201


def test_the_openapi_document_lists_400_and_413(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    missing = [
        (method, path, code)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
        for code in ("400", "413", "422", "429")
        if code not in operation["responses"]
    ]
    assert missing == []


def test_datetimes_carry_their_time_zone(client: TestClient) -> None:
    started = client.post("/api/v1/interviews", json={"age": 40}).json()
    assert started["expires_at"].endswith("Z")
