"""The stories API end to end, on SQLite and PostgreSQL: submission, moderation, tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from backcheck.app import create_app
from backcheck.config import RateLimit
from backcheck.knowledge import KnowledgeBase
from backcheck.service import EditorService
from tests.api.helpers import make_services

STORY = "Burning pain over my ribs on one side, then a rash; it took a month to settle."
PASSWORD = "correct horse battery staple"


def make_client(
    kb: KnowledgeBase, database_url: str, tmp_path: Path, **overrides: Any
) -> TestClient:
    services = make_services(kb, database_url, tmp_path, **overrides)
    EditorService(services).add("editor1", PASSWORD)
    return TestClient(create_app(services=services))


@pytest.fixture
def client(kb: KnowledgeBase, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with make_client(kb, database_url, tmp_path) as c:
        yield c


def login(client: TestClient) -> dict[str, str]:
    response = client.post("/api/v1/editor/login", json={"name": "editor1", "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["token_type"], body["editor"]) == ("bearer", {"name": "editor1"})
    return {"Authorization": f"Bearer {body['token']}"}


def submit(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/api/v1/stories", json={"text": STORY, **body})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def rows(database_url: str, query: str) -> list[tuple[Any, ...]]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        found = [tuple(r) for r in connection.execute(text(query))]
    engine.dispose()
    return found


def test_submit_review_and_publish(client: TestClient) -> None:
    sent = submit(
        client,
        text=STORY + " Text me on +44 7700 900123.",
        condition_id="shingles",
        age_band="age_60_74",
        duration="1_3_months",
        helped="Antiviral tablets early",
    )
    assert sent["status"] == "pending"
    assert sent["text"] == STORY + " Text me on [phone number removed]."
    assert sent["removed"] == [{"kind": "phone", "count": 1, "label": "1 phone number"}]
    assert "removed 1 phone number" in sent["message"]
    story_id = sent["id"]
    assert client.get("/api/v1/stories").json()["items"] == []
    assert client.get(f"/api/v1/stories/{story_id}").status_code == 404
    editor = login(client)
    queue = client.get("/api/v1/stories/pending", headers=editor).json()
    assert [(s["id"], s["status"], s["submitted_text"]) for s in queue] == [
        (story_id, "pending", sent["text"])
    ]
    approved = client.post(f"/api/v1/stories/{story_id}/approve", headers=editor)
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["reviewed_by"]) == ("approved", "editor1")
    listed = client.get("/api/v1/stories", params={"condition": "shingles"}).json()
    assert (listed["total"], listed["pages"], listed["condition_id"]) == (1, 1, "shingles")
    shown = listed["items"][0]
    assert {k: shown[k] for k in ("id", "text", "helped", "age_band", "duration")} == {
        "id": story_id, "text": sent["text"], "helped": "Antiviral tablets early",
        "age_band": "age_60_74", "duration": "1_3_months",
    }  # fmt: skip
    assert "rejection_reason" not in shown
    assert client.get(f"/api/v1/stories/{story_id}").json() == shown
    assert client.get("/api/v1/stories", params={"condition": "angina"}).json()["total"] == 0
    assert client.get("/api/v1/stories/pending", headers=editor).json() == []


def test_reject_and_edit_approve(client: TestClient, database_url: str) -> None:
    editor = login(client)
    first = submit(client)["id"]
    second = submit(client, text=STORY + " Second.")["id"]
    rejected = client.post(
        f"/api/v1/stories/{first}/reject", json={"reason": "Duplicate of 2"}, headers=editor
    ).json()
    assert (rejected["status"], rejected["rejection_reason"]) == ("rejected", "Duplicate of 2")
    shorter = "Burning rib pain, then a rash: shingles. Settled in a month."
    edited = client.post(
        f"/api/v1/stories/{second}/edit-approve", json={"text": shorter}, headers=editor
    ).json()
    assert edited["submitted_text"] == STORY + " Second."
    assert edited["published_text"] == shorter
    public = client.get("/api/v1/stories").json()["items"]
    assert [s["text"] for s in public] == [edited["published_text"]]
    replay = client.post(f"/api/v1/stories/{first}/approve", headers=editor)
    assert (replay.status_code, replay.json()["error"]["code"]) == (409, "already_moderated")
    audit = client.get("/api/v1/editor/audit", headers=editor).json()
    assert [(e["action"], e["story_id"], e["reason"]) for e in audit["items"]] == [
        ("edit_approve", second, None), ("reject", first, "Duplicate of 2"), ("login", None, None),
    ]  # fmt: skip
    assert rows(database_url, "select id, status from stories order by id") == [
        (first, "rejected"), (second, "approved"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/stories/pending", None),
        ("post", "/api/v1/stories/1/approve", None),
        ("post", "/api/v1/stories/1/reject", {"reason": "x"}),
        ("post", "/api/v1/stories/1/edit-approve", {"text": STORY}),
        ("get", "/api/v1/editor/audit", None),
        ("post", "/api/v1/editor/logout", None),
    ],
)
def test_editor_endpoints_need_a_valid_token(
    client: TestClient, method: str, path: str, body: Any
) -> None:
    submit(client)
    token = login(client)["Authorization"]
    client.post("/api/v1/editor/logout", headers={"Authorization": token})  # now invalid
    for headers in (
        {},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": token[:-2] + "xx"},
        {"Authorization": token},  # signed out
        {"Authorization": token.replace("Bearer", "Basic")},
    ):
        response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/stories/1").status_code == 404  # still pending


def test_login_failures_and_lockout(client: TestClient) -> None:
    wrong = {"name": "editor1", "password": "not the password"}
    codes = [client.post("/api/v1/editor/login", json=wrong).status_code for _ in range(5)]
    assert codes == [401, 401, 401, 401, 423]
    right = client.post("/api/v1/editor/login", json={"name": "editor1", "password": PASSWORD})
    assert (right.status_code, right.json()["error"]["code"]) == (423, "account_locked")
    assert "15 minutes" in right.json()["error"]["message"]
    ghost = {"name": "ghost", "password": "not the password"}
    codes = [client.post("/api/v1/editor/login", json=ghost).status_code for _ in range(5)]
    assert codes == [401, 401, 401, 401, 423]


def test_login_attempts_are_rate_limited_per_client(
    kb: KnowledgeBase, database_url: str, tmp_path: Path
) -> None:
    with make_client(kb, database_url, tmp_path, login_rate=RateLimit(3, 3600)) as c:
        body = {"name": "someone", "password": "x"}
        codes = [c.post("/api/v1/editor/login", json=body).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]


def test_story_submissions_are_rate_limited(
    kb: KnowledgeBase, database_url: str, tmp_path: Path
) -> None:
    with make_client(kb, database_url, tmp_path, story_rate=RateLimit(2, 3600)) as c:
        codes = [
            c.post("/api/v1/stories", json={"text": f"{STORY} ({i})"}).status_code for i in range(3)
        ]
        assert codes == [201, 201, 429]
        replay = c.post("/api/v1/stories", json={"text": f"{STORY} (0)"})
        assert (replay.status_code, replay.json()["id"]) == (201, 1)  # a replay is not new
    assert rows(database_url, "select count(*) from stories") == [(2,)]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": "short"}, 422, "story_too_short"),
        ({"text": "x" * 3001}, 422, "story_too_long"),
        ({"text": "x" * 4001}, 422, "invalid_input"),
        ({"text": STORY, "name": "Jane"}, 422, "invalid_input"),
        ({"text": STORY, "email": "j@x.org"}, 422, "invalid_input"),
        ({"text": STORY, "condition_id": "'; DROP TABLE stories; --"}, 422, "invalid_input"),
        ({"text": STORY, "condition_id": "nope"}, 422, "invalid_condition"),
        ({"text": STORY, "age_band": "age_old"}, 422, "invalid_age_band"),
        ({"text": STORY, "duration": "ages"}, 422, "invalid_duration"),
        ({"text": 5}, 422, "invalid_input"),
        ({"text": "y" * 70_000}, 413, "request_too_large"),
    ],
)
def test_invalid_submissions(
    client: TestClient, database_url: str, body: Any, status: int, code: str
) -> None:
    response = client.post("/api/v1/stories", json=body)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert rows(database_url, "select count(*) from stories") == [(0,)]


def test_bad_ids_and_pages(client: TestClient) -> None:
    for path in ("/api/v1/stories/0", "/api/v1/stories/abc", "/api/v1/stories/99999999999"):
        assert client.get(path).status_code in (404, 422), path
    assert client.get("/api/v1/stories/424242").json()["error"]["code"] == "story_not_found"
    assert client.get("/api/v1/stories?page=0").status_code == 422
    assert client.get("/api/v1/stories?condition=nope").json()["error"]["code"] == (
        "invalid_condition"
    )
    editor = login(client)
    missing = client.post("/api/v1/stories/424242/approve", headers=editor)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "story_not_found")


def test_openapi_documents_the_story_endpoints(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/stories", "/api/v1/stories/pending", "/api/v1/stories/{story_id}",
        "/api/v1/stories/{story_id}/approve", "/api/v1/stories/{story_id}/reject",
        "/api/v1/stories/{story_id}/edit-approve", "/api/v1/editor/login",
        "/api/v1/editor/logout", "/api/v1/editor/audit",
    } <= set(spec["paths"])  # fmt: skip
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "security" in spec["paths"]["/api/v1/stories/{story_id}/approve"]["post"]
    assert "security" not in spec["paths"]["/api/v1/stories"]["post"]
