"""The JSON API end to end, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from backcheck.config import RateLimit
from backcheck.evaluation import reply_json
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser
from tests.api.helpers import make_client

STRAIN = {
    "loc_between_shoulder_blades", "began_after_lifting", "duration_1_to_7_days", "onset_hours",
    "severity_moderate", "pattern_intermittent", "course_improving", "worse_movement",
    "feel_aching", "better_rest", "heavy_manual_work",
}  # fmt: skip


@pytest.fixture
def client(
    kb: KnowledgeBase, parser: TextParser, database_url: str, tmp_path: Path
) -> Iterator[TestClient]:
    with make_client(kb, database_url, tmp_path, parser) as c:
        yield c


def run_interview(client: TestClient, present: set[str], **patient: Any) -> dict[str, Any]:
    response = client.post("/api/v1/interviews", json=patient)
    assert response.status_code == 201, response.text
    state: dict[str, Any] = response.json()
    while state["status"] == "in_progress":
        q = state["question"]
        response = client.post(
            f"/api/v1/interviews/{state['id']}/answers",
            json={"question_id": q["id"], "answer": reply_json(q, present)},
        )
        assert response.status_code == 200, response.text
        state = response.json()
    return state


def test_complete_interview_to_done(client: TestClient) -> None:
    state = run_interview(client, STRAIN, age=33, sex="male")
    assert state["status"] == "done"
    assert state["question"] is None
    assert state["conditions"][0]["id"] == "muscle_strain"
    assert state["triage"]["level"] == "self_care"
    assert 5 <= state["step"] <= 25
    assert state["disclaimer"].startswith("backcheck is not a diagnosis")
    assert any("tearing" in sign for sign in state["emergency_signs"])
    again = client.get(f"/api/v1/interviews/{state['id']}").json()
    assert again == state
    stats = client.get("/api/v1/statistics").json()
    assert stats["total"] == 1
    assert stats["shown"] is False


def test_changing_an_answer_recomputes(client: TestClient) -> None:
    start = client.post(
        "/api/v1/interviews", json={"age": 50, "sex": "male", "locations": ["loc_mid_spine"]}
    ).json()
    assert (start["screen"], start["question"]["id"]) == ("describe", "screen_emergency")
    iid = start["id"]
    calm = client.post(
        f"/api/v1/interviews/{iid}/answers", json={"question_id": "screen_emergency", "answer": []}
    ).json()
    assert calm["question"]["id"] == "screen_nerves"
    assert calm["emergency"] is False
    changed = client.put(
        f"/api/v1/interviews/{iid}/answers/screen_emergency", json={"answer": ["chest_pain"]}
    ).json()
    assert changed["step"] == 2
    assert changed["emergency"] is True
    assert changed["triage"]["level"] in ("emergency", "emergency_ambulance")
    assert changed["question"]["id"] == "screen_nerves"


def test_replayed_answer_is_harmless(client: TestClient) -> None:
    iid = client.post("/api/v1/interviews", json={"locations": ["loc_neck_base"]}).json()["id"]
    body = {"question_id": "screen_emergency", "answer": [], "step": 1}
    first = client.post(f"/api/v1/interviews/{iid}/answers", json=body).json()
    second = client.post(f"/api/v1/interviews/{iid}/answers", json=body).json()
    assert first == second


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("get", "/api/v1/interviews/does-not-exist", None, 404, "interview_not_found"),
        ("post", "/api/v1/interviews", {"age": 300}, 422, "invalid_input"),
        ("post", "/api/v1/interviews", {"sex": "other"}, 422, "invalid_input"),
        ("post", "/api/v1/interviews", {"locations": ["knee"]}, 422, "invalid_location"),
        ("post", "/api/v1/interviews", {"unexpected": 1}, 422, "invalid_input"),
        ("post", "/api/v1/interviews", {"sex": "male", "pregnant": True}, 422, "invalid_pregnancy"),
        (
            "post",
            "/api/v1/assess",
            {"evidence": [{"id": "nope", "state": "present"}]},
            422,
            "invalid_evidence",
        ),
        (
            "post",
            "/api/v1/assess",
            {"evidence": [{"id": "fever", "state": "yes"}]},
            422,
            "invalid_input",
        ),
        ("post", "/api/v1/explain", {"condition_id": "nope"}, 404, "condition_not_found"),
        ("get", "/api/v1/conditions/nope", None, 404, "condition_not_found"),
        ("get", "/api/v1/statistics?age_band=old", None, 422, "invalid_age_band"),
        ("get", "/api/v1/nowhere", None, 404, "not_found"),
        ("delete", "/api/v1/conditions", None, 405, "method_not_allowed"),
    ],
)
def test_errors_are_json_with_code_and_message(
    client: TestClient, method: str, path: str, body: Any, status: int, code: str
) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_answer_errors(client: TestClient) -> None:
    iid = client.post("/api/v1/interviews", json={}).json()["id"]
    wrong = client.post(
        f"/api/v1/interviews/{iid}/answers", json={"question_id": "onset", "answer": "x"}
    )
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (422, "invalid_answer")
    early = client.post(
        f"/api/v1/interviews/{iid}/answers", json={"question_id": "onset", "answer": "onset_days"}
    )
    assert (early.status_code, early.json()["error"]["code"]) == (409, "not_current_question")
    unanswered = client.put(f"/api/v1/interviews/{iid}/answers/onset", json={"answer": "unknown"})
    assert (unanswered.status_code, unanswered.json()["error"]["code"]) == (409, "not_answered")
    malformed = client.post(
        f"/api/v1/interviews/{iid}/answers",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert malformed.status_code == 422
    state = client.get(f"/api/v1/interviews/{iid}").json()
    assert state["step"] == 0


def test_request_size_is_capped(client: TestClient) -> None:
    big = {"text": "a" * 70_000}
    response = client.post("/api/v1/interviews", json=big)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_stateless_assess_and_explain(client: TestClient) -> None:
    evidence = [{"id": f, "state": "present"} for f in sorted(STRAIN)]
    result = client.post(
        "/api/v1/assess",
        json={"patient": {"age": 33, "sex": "male"}, "evidence": evidence, "asked": ["location"]},
    ).json()
    assert result["conditions"][0]["id"] == "muscle_strain"
    assert result["triage"]["level"] == "self_care"
    assert set(result) == {
        "scope", "triage", "conditions", "next_question", "should_stop", "stop_reason",
        "kb_version", "disclaimer", "emergency_signs",
    }  # fmt: skip
    assert result["disclaimer"].startswith("backcheck is not a diagnosis")
    assert len(result["emergency_signs"]) >= 5
    why = client.post(
        "/api/v1/explain",
        json={"condition_id": "muscle_strain", "evidence": evidence, "patient": {"age": 33}},
    ).json()
    assert why["supporting"][0]["factor"] > 1
    assert "began_after_lifting" in [c["id"] for c in why["supporting"]]


def test_library_endpoints(client: TestClient, kb: KnowledgeBase) -> None:
    conditions = client.get("/api/v1/conditions").json()
    assert len(conditions) == len(kb.conditions)
    searched = client.get("/api/v1/conditions", params={"q": "kidney"}).json()
    assert {c["id"] for c in searched} >= {"kidney_stone", "pyelonephritis"}
    detail = client.get("/api/v1/conditions/shingles").json()
    assert detail["icd10"][0].startswith("B02")
    assert detail["sources"]
    findings = client.get("/api/v1/findings").json()
    assert len(findings) == len(kb.findings)
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/interviews", "/api/v1/assess", "/api/v1/parse", "/api/v1/explain",
            "/api/v1/statistics"} <= set(spec["paths"])  # fmt: skip
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "<script" not in docs.text


def test_security_headers_on_api(client: TestClient) -> None:
    response = client.get("/api/v1/conditions")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_write_rate_limit(kb: KnowledgeBase, database_url: str, tmp_path: Path) -> None:
    with make_client(kb, database_url, tmp_path, write_rate=RateLimit(3, 3600)) as c:
        codes = [c.post("/api/v1/interviews", json={}).status_code for _ in range(5)]
        assert codes == [201, 201, 201, 429, 429]
        limited = c.post("/api/v1/interviews", json={})
        assert limited.json()["error"]["code"] == "rate_limited"
        assert limited.headers["retry-after"] == "3600"  # the limit's window
        assert c.get("/api/v1/conditions").status_code == 200


def test_free_text_is_never_stored(client: TestClient, database_url: str) -> None:
    secret = "Zebrafinch Quokkaberry burning pain between my shoulder blades for 3 days"
    response = client.post("/api/v1/interviews", json={"age": 40, "text": secret})
    assert response.status_code == 201, response.text
    state = response.json()
    assert any(e["source"] == "text" for e in state["evidence"])
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("select * from interviews")).fetchall()
    engine.dispose()
    assert "Zebrafinch" not in repr(rows)
    assert "Quokkaberry" not in repr(rows)
