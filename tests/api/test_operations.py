"""Operating it: health, readiness, metrics and access logs that never tie an address to an id."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from backcheck.knowledge import KnowledgeBase
from tests.api.helpers import make_client


def test_health_readiness_and_metrics(kb: KnowledgeBase, tmp_path: Path) -> None:
    with make_client(kb, f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path) as c:
        started = c.post("/api/v1/interviews", json={"age": 40, "sex": "male"}).json()
        c.get(f"/api/v1/interviews/{started['id']}")
        assert c.get("/healthz").json() == {"status": "ok"}
        assert c.get("/readyz").json() == {
            "status": "ready", "database": "ok", "rate_limit_store": "ok",
        }  # fmt: skip
        metrics = c.get("/metrics")
    assert metrics.status_code == 200
    lines = metrics.text.splitlines()
    expected = (
        'backcheck_request_seconds_count{method="GET",route="/api/v1/interviews/{interview_id}"',
        'backcheck_interviews_started_total{channel="api"}',
        "backcheck_parser_load_seconds_count",
        "backcheck_rate_limited_total",
        "backcheck_triage_levels_total",
        "backcheck_interviews_finished_total",
    )
    assert [any(line.startswith(e) for line in lines) for e in expected] == [True] * 6
    assert started["id"] not in metrics.text


def test_readiness_fails_without_the_database(kb: KnowledgeBase, tmp_path: Path) -> None:
    with make_client(kb, f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path) as c:
        (tmp_path / "db.sqlite").unlink()
        (tmp_path / "db.sqlite").mkdir()  # the file is gone and cannot be created again
        c.app.state.services.db.dispose()  # type: ignore[attr-defined]
        answer = c.get("/readyz")
    assert (answer.status_code, answer.json()["database"]) == (503, "unreachable")


def test_access_log_has_routes_not_ids_or_addresses(
    kb: KnowledgeBase, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.INFO, logger="backcheck.access"),
        make_client(kb, f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path) as c,
    ):
        started = c.post("/api/v1/interviews", json={"age": 40, "sex": "male"}).json()
        c.get(f"/api/v1/interviews/{started['id']}")
        c.get(f"/interview/{started['id']}")
    entries = [
        (r.method, r.route, r.status)  # type: ignore[attr-defined]
        for r in caplog.records
        if r.name == "backcheck.access"
    ]
    assert entries[:2] == [
        ("POST", "/api/v1/interviews", 201),
        ("GET", "/api/v1/interviews/{interview_id}", 200),
    ]
    assert entries[2][:2] == ("GET", "/interview/{interview_id}")
    logged = caplog.text + repr([vars(r) for r in caplog.records])
    assert started["id"] not in logged
    assert "testclient" not in logged
