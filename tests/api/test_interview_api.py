"""The interview over the JSON API: screens, own words, the emergency step, going back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser
from tests.api.helpers import make_client


@pytest.fixture
def client(kb: KnowledgeBase, parser: TextParser, tmp_path: Path) -> Iterator[TestClient]:
    with make_client(kb, f"sqlite:///{tmp_path / 'api.db'}", tmp_path, parser) as c:
        yield c


def post(client: TestClient, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post(path, json=body or {})
    assert response.status_code in (200, 201), response.text
    data: dict[str, Any] = response.json()
    return data


def brief(state: dict[str, Any]) -> tuple[str, str, int, str | None]:
    question = state["question"]["id"] if state["question"] else None
    return state["status"], state["screen"], state["step"], question


def test_screens_own_words_and_forgetting(client: TestClient) -> None:
    start = post(client, "/api/v1/interviews", {"age": 40, "sex": "male"})
    iid = start["id"]
    assert brief(start) == ("in_progress", "question", 0, "location")
    assert 0 < start["questions_left"] <= 25
    located = post(
        client,
        f"/api/v1/interviews/{iid}/answers",
        {"question_id": "location", "answer": ["loc_mid_spine"]},
    )
    assert brief(located) == ("in_progress", "describe", 1, "screen_emergency")
    described = post(
        client, f"/api/v1/interviews/{iid}/description", {"text": "I have a fever and a cough."}
    )
    assert brief(described) == ("in_progress", "question", 1, "screen_emergency")
    assert {"fever", "cough"} <= {e["id"] for e in described["evidence"] if e["source"] == "text"}
    forgot = client.delete(f"/api/v1/interviews/{iid}/understood/cough").json()
    assert "cough" not in {e["id"] for e in forgot["evidence"]}
    again = client.delete(f"/api/v1/interviews/{iid}/understood/cough")
    assert (again.status_code, again.json()["error"]["code"]) == (404, "not_understood")


def test_an_emergency_screen_then_going_on(client: TestClient) -> None:
    iid = post(
        client, "/api/v1/interviews", {"age": 60, "sex": "male", "locations": ["loc_mid_spine"]}
    )["id"]
    post(client, f"/api/v1/interviews/{iid}/description", {"text": None})
    alarm = post(
        client,
        f"/api/v1/interviews/{iid}/answers",
        {"question_id": "screen_emergency", "answer": ["tearing_pain"]},
    )
    assert brief(alarm) == ("in_progress", "emergency", 2, "screen_nerves")
    assert alarm["triage"]["level"] == "emergency_ambulance"
    assert next(r["id"] for r in alarm["triage"]["reasons"]) == "tearing_pain"
    going_on = post(client, f"/api/v1/interviews/{iid}/emergency-acknowledgement")
    assert brief(going_on) == ("in_progress", "question", 2, "screen_nerves")
    back = post(client, f"/api/v1/interviews/{iid}/back")
    assert brief(back) == ("in_progress", "question", 1, "screen_emergency")
    assert back["emergency"] is False
    assert back["progress"] <= going_on["progress"]


def test_under_18_are_not_asked_anything(client: TestClient) -> None:
    child = post(client, "/api/v1/interviews", {"age": 12, "sex": "female"})
    assert brief(child) == ("done", "under_18", 0, None)
    assert client.get("/api/v1/statistics").json()["total"] == 0  # never counted


def test_answering_from_the_describe_screen_skips_it(client: TestClient) -> None:
    iid = post(
        client, "/api/v1/interviews", {"age": 40, "sex": "male", "locations": ["loc_mid_spine"]}
    )["id"]
    answered = post(
        client,
        f"/api/v1/interviews/{iid}/answers",
        {"question_id": "screen_emergency", "answer": []},
    )
    assert brief(answered) == ("in_progress", "question", 2, "screen_nerves")
    openapi = client.get("/api/v1/openapi.json").json()
    paths = set(openapi["paths"])
    assert {
        "/api/v1/interviews/{interview_id}/description",
        "/api/v1/interviews/{interview_id}/understood/{finding_id}",
        "/api/v1/interviews/{interview_id}/emergency-acknowledgement",
        "/api/v1/interviews/{interview_id}/back",
    } <= paths
