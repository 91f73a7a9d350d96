"""`/api/v1/diaries` end to end on SQLite and PostgreSQL, with days simulated by the clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backcheck.knowledge import KnowledgeBase
from tests.api.helpers import make_client
from tests.api.test_api import STRAIN, run_interview

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def client(kb: KnowledgeBase, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with make_client(kb, database_url, tmp_path) as c:
        c.app.state.services.clock = lambda: START  # type: ignore[attr-defined]
        yield c


def on_day(client: TestClient, n: int) -> None:
    client.app.state.services.clock = lambda: START + timedelta(days=n)  # type: ignore[attr-defined]


def entry(client: TestClient, key: str, **body: Any) -> dict[str, Any]:
    response = client.post(f"/api/v1/diaries/{key}/entries", json={"sleep_broken": False, **body})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_options_list_what_an_entry_may_hold(client: TestClient) -> None:
    options = client.get("/api/v1/diaries/options").json()
    assert [o["id"] for o in options["helped"]] == [
        "rest", "ice", "heat", "pain_reliever", "stretching", "massage", "posture", "relaxation",
    ]  # fmt: skip
    assert options["locations"][0] == {
        "id": "loc_between_shoulder_blades", "label": "Pain between the shoulder blades",
    }  # fmt: skip
    assert {"id": "tearing_pain", "label": "Tearing or ripping pain"} in options["warning_signs"]
    assert options["durations"][0] == "duration_under_1_day"
    assert (options["pain_min"], options["pain_max"]) == (0, 10)


def test_a_diary_from_a_check_over_a_week(client: TestClient) -> None:
    check = run_interview(client, STRAIN, age=33, sex="male")
    stats = client.get("/api/v1/statistics").json()["total"]
    created = client.post("/api/v1/diaries", json={"interview_id": check["id"]})
    assert created.status_code == 201, created.text
    diary = created.json()
    key = diary["key"]
    assert (diary["check_level"], diary["condition_id"], diary["pain_days_before"]) == (
        "self_care", "muscle_strain", 1,
    )  # fmt: skip
    assert (diary["started_on"], diary["ttl_days"], diary["advice"]["level"]) == (
        "2026-12-01", 90, "self_care",
    )  # fmt: skip
    assert diary["disclaimer"].startswith("backcheck is not a diagnosis")
    saved = entry(client, key, pain=6, locations=["loc_mid_spine"], helped=["heat"])
    assert (saved["day"], saved["replaced"], saved["emergency"]) == ("2026-12-01", False, False)
    on_day(client, 6)
    assert entry(client, key, pain=6)["diary"]["advice"]["items"][0]["rule_id"] == "keep_going"
    on_day(client, 7)
    week = entry(client, key, pain=6)["diary"]
    assert [(i["rule_id"], i["level"]) for i in week["advice"]["items"]] == [
        ("not_better_after_a_week", "consultation"),
    ]
    assert week["advice"]["items"][0]["sources"] == ["cleveland", "dignity"]
    alarm = entry(client, key, pain=6, warning_signs=["chest_pain"])
    assert (alarm["replaced"], alarm["emergency"]) == (True, True)
    assert (alarm["diary"]["advice"]["level"], alarm["diary"]["label"]) == (
        "emergency", "Go to an emergency department now",
    )  # fmt: skip
    again = client.get(f"/api/v1/diaries/{key}").json()
    assert again == alarm["diary"]
    assert [e["day_number"] for e in again["entries"]] == [0, 6, 7]
    assert client.get("/api/v1/statistics").json()["total"] == stats  # never in statistics


@pytest.mark.parametrize(
    ("body", "code", "detail"),
    [
        ({"pain": 11}, "invalid_input", "pain: Input should be less than or equal to 10"),
        ({"pain": "5"}, "invalid_input", "pain: Input should be a valid integer"),
        ({"pain": 5, "note": "it hurts"}, "invalid_input", "note: Extra inputs are not permitted"),
        ({"pain": 5, "locations": ["my back"]}, "invalid_input", "locations.0: String should"),
        ({"pain": 5, "locations": ["loc_knee"]}, "invalid_location", ""),
        ({"pain": 5, "helped": ["yoga"]}, "invalid_helped", ""),
        ({"pain": 5, "warning_signs": ["fever"]}, "invalid_warning_sign", ""),
        ({"pain": 5, "day": "2026-12-02"}, "invalid_day", ""),
    ],
)
def test_bad_entries_get_clear_errors_and_store_nothing(
    client: TestClient, body: dict[str, Any], code: str, detail: str
) -> None:
    key = client.post("/api/v1/diaries", json={}).json()["key"]
    response = client.post(f"/api/v1/diaries/{key}/entries", json={"sleep_broken": False, **body})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code
    assert all(detail in line for line in error["details"][:1])
    assert client.get(f"/api/v1/diaries/{key}").json()["entries"] == []


def test_unknown_deleted_and_unfinished(client: TestClient) -> None:
    missing = client.get(f"/api/v1/diaries/{'k' * 43}")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "diary_not_found")
    started = client.post("/api/v1/interviews", json={"age": 40}).json()
    early = client.post("/api/v1/diaries", json={"interview_id": started["id"]})
    assert (early.status_code, early.json()["error"]["code"]) == (409, "interview_not_finished")
    bad = client.post("/api/v1/diaries", json={"duration": "a fortnight"})
    assert bad.status_code == 422
    key = client.post("/api/v1/diaries", json={"duration": "duration_over_6_weeks"}).json()["key"]
    entry(client, key, pain=4)
    deleted = client.delete(f"/api/v1/diaries/{key}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert client.get(f"/api/v1/diaries/{key}").status_code == 404
    assert client.delete(f"/api/v1/diaries/{key}").status_code == 404


def test_diaries_expire(client: TestClient) -> None:
    key = client.post("/api/v1/diaries", json={}).json()["key"]
    entry(client, key, pain=2)
    on_day(client, 89)
    assert client.get(f"/api/v1/diaries/{key}").status_code == 200
    on_day(client, 90)
    assert client.get(f"/api/v1/diaries/{key}").json()["error"]["code"] == "diary_not_found"


def test_openapi_documents_the_diary(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/diaries/{key}"]) == {"get", "delete"}
    assert set(paths["/api/v1/diaries"]) == {"post"}
    assert set(paths["/api/v1/diaries/{key}/entries"]) == {"post"}
