"""Downloads from the results page: the PDF report and the FHIR record."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle

from tests.web.helpers import SELF_CARE, check_page, run_plan, start


def test_results_offer_the_pdf_and_the_record(client: TestClient) -> None:
    interview_id = start(client)
    run_plan(client, interview_id, SELF_CARE)
    page = client.get(f"/results/{interview_id}").text
    check_page(page)
    assert f'<a class="button" href="/results/{interview_id}/report.pdf" download>' in page
    assert f'href="/results/{interview_id}/record.json" download>health record (HL7 FHIR)' in page
    assert "Both can be downloaded for 24 hours after the check" in page
    pdf = client.get(f"/results/{interview_id}/report.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-disposition"].startswith('attachment; filename="backcheck-report-')
    record = client.get(f"/results/{interview_id}/record.json")
    assert record.status_code == 200
    assert record.headers["content-type"] == "application/fhir+json"
    assert record.headers["content-disposition"].endswith('.json"')
    assert Bundle.model_validate(json.loads(record.content)).type == "collection"


def test_an_unfinished_or_unknown_check_gets_a_friendly_page(client: TestClient) -> None:
    interview_id = start(client)
    early = client.get(f"/results/{interview_id}/report.pdf")
    assert early.status_code == 409
    check_page(early.text)
    assert "This check is not finished yet" in early.text
    assert f'href="/interview/{interview_id}"' in early.text  # a way back to the questions
    missing = client.get(f"/results/{'B' * 43}/record.json")
    assert missing.status_code == 404
    check_page(missing.text)
    assert "has expired" in missing.text
