"""`/api/v1/interviews/{id}/report.pdf` and `/fhir` on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.riskassessment import RiskAssessment
from pypdf import PdfReader

from backcheck.config import RateLimit
from backcheck.knowledge import KnowledgeBase
from tests.api.helpers import make_client
from tests.api.test_api import STRAIN, run_interview
from tests.support.checks import finish_check


@pytest.fixture
def client(kb: KnowledgeBase, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with make_client(kb, database_url, tmp_path) as c:
        yield c


def test_pdf_and_fhir_of_a_finished_check(client: TestClient) -> None:
    state = run_interview(client, STRAIN, age=33, sex="male")
    pdf = client.get(f"/api/v1/interviews/{state['id']}/report.pdf")
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith('attachment; filename="backcheck-report-')
    assert pdf.headers["cache-control"] == "no-store"
    reader = PdfReader(io.BytesIO(pdf.content))
    first = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Urgency: Care for it at home" in first
    assert "S29.012A" in first

    record = client.get(f"/api/v1/interviews/{state['id']}/fhir")
    assert record.status_code == 200, record.text
    assert record.headers["content-type"] == "application/fhir+json"
    bundle = Bundle.model_validate(record.json())
    assert bundle.type == "collection"
    assert bundle.entry is not None
    risk = bundle.entry[-1].resource
    assert isinstance(risk, RiskAssessment)
    assert risk.prediction is not None
    assert float(risk.prediction[0].probabilityDecimal or "nan") == pytest.approx(
        state["conditions"][0]["probability"], abs=1e-4
    )


def test_no_documents_before_the_end_or_for_unknown_ids(client: TestClient) -> None:
    started = client.post("/api/v1/interviews", json={"age": 40}).json()
    early = client.get(f"/api/v1/interviews/{started['id']}/fhir")
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "interview_not_finished"
    assert client.get(f"/api/v1/interviews/{started['id']}/report.pdf").status_code == 409
    missing = client.get(f"/api/v1/interviews/{'A' * 43}/report.pdf")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "interview_not_found")
    assert client.get(f"/api/v1/interviews/{'A' * 65}/fhir").status_code == 422


def test_openapi_lists_the_documents(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    pdf = paths["/api/v1/interviews/{interview_id}/report.pdf"]["get"]
    record = paths["/api/v1/interviews/{interview_id}/fhir"]["get"]
    assert set(pdf["responses"]["200"]["content"]) == {"application/pdf"}
    assert set(record["responses"]["200"]["content"]) == {"application/fhir+json"}
    assert {"404", "409"} <= set(record["responses"])
    assert set(record["responses"]["404"]["content"]) == {"application/json"}


def test_pdf_drawing_counts_against_the_write_rate(
    kb: KnowledgeBase, database_url: str, tmp_path: Path
) -> None:
    with make_client(kb, database_url, tmp_path, write_rate=RateLimit(1, 60)) as limited:
        check = finish_check(limited.app.state.services)  # type: ignore[attr-defined]
        assert limited.get(f"/api/v1/interviews/{check.id}/report.pdf").status_code == 200
        again = limited.get(f"/api/v1/interviews/{check.id}/report.pdf")
        # A moving window: the wait is what is left of the minute since the first drawing,
        # which itself takes a second or two.
        assert again.status_code == 429
        assert 50 <= int(again.headers["retry-after"]) <= 60
        assert limited.get(f"/api/v1/interviews/{check.id}/fhir").status_code == 200
