"""The PDF report and the FHIR record of a finished check, on SQLite and PostgreSQL.

The record is validated with fhir.resources (FHIR R4B, the nearest model to R4) and the PDF is
read back with pypdf and drawn as a picture with pdftoppm (test-artifacts/pdf/).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from PIL import Image
from pypdf import PdfReader

from backcheck.config import Config
from backcheck.errors import ConflictError, NotFoundError
from backcheck.knowledge import KnowledgeBase
from backcheck.service import DocumentService, InterviewService, Services, build_services
from backcheck.service.fhir import FINDING_SYSTEM, ICD10CM, SNOMED, TRIAGE_EXTENSION
from backcheck.service.summary import finished_summary, percent
from tests.support.checks import STRAIN, finish_check

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
NOON = datetime(2031, 1, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def services(kb: KnowledgeBase, database_url: str, tmp_path: Path) -> Iterator[Services]:
    config = Config(environment="test", data_dir=tmp_path, database_url=database_url)
    built = build_services(config, kb=kb)
    built.clock = lambda: NOON
    yield built
    built.db.dispose()


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _codes(concept: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["system"], c["code"]) for c in concept["coding"]]


def test_fhir_record_of_a_strain_is_a_valid_bundle(services: Services, kb: KnowledgeBase) -> None:
    view = finish_check(services)
    bundle = DocumentService(services).fhir(view.id)
    Bundle.model_validate(bundle)  # raises on anything FHIR does not allow
    assert (bundle["type"], bundle["timestamp"]) == ("collection", "2031-01-02T12:00:00Z")
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds[:3] == ["Patient", "Observation", "QuestionnaireResponse"]
    assert kinds[-1] == "RiskAssessment"
    assert set(kinds[3:-1]) == {"Observation"}
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    references = re.findall(r"'reference': '([^']+)'", str(bundle))
    assert len(references) > len(urls)
    assert set(references) <= set(urls)
    assert view.id not in str(bundle)

    patient, age = bundle["entry"][0]["resource"], bundle["entry"][1]["resource"]
    assert patient == {"resourceType": "Patient", "gender": "male"}
    assert age["valueRange"] == {
        "low": {"value": 30, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"},
        "high": {"value": 44, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"},
    }
    response = _resources(bundle, "QuestionnaireResponse")[0]
    assert [i["linkId"] for i in response["item"]] == [a.question_id for a in view.answers]
    assert response["item"][0] == {
        "linkId": "location",
        "text": "Where does it hurt? Choose every area that hurts.",
        "answer": [{"valueCoding": {
            "system": FINDING_SYSTEM, "code": "loc_between_shoulder_blades",
            "display": "Pain between the shoulder blades",
        }}],
    }  # fmt: skip

    findings = {o["code"]["coding"][-1]["code"]: o for o in _resources(bundle, "Observation")[1:]}
    assert set(findings) == {e.id for e in view.evidence if e.state != "unknown"} - {
        "age_30_44", "sex_male",
    }  # fmt: skip
    chest = findings["chest_pain"]
    assert _codes(chest["code"]) == [(SNOMED, "29857009"), (FINDING_SYSTEM, "chest_pain")]
    assert (chest["valueBoolean"], chest["status"], chest["method"]) == (
        False, "final", {"text": "Answer to a question"},
    )  # fmt: skip
    assert findings["began_after_lifting"]["valueBoolean"] is True

    risk = _resources(bundle, "RiskAssessment")[0]
    assert risk["extension"] == [{"url": TRIAGE_EXTENSION, "valueCoding": {
        "system": "urn:backcheck:triage-level", "code": "self_care",
        "display": "Care for it at home",
    }}]  # fmt: skip
    top = risk["prediction"][0]
    assert top["outcome"]["text"] == (
        "Upper back muscle strain or sprain (Thoracic musculoligamentous strain or sprain)"
    )
    assert _codes(top["outcome"]) == [
        (ICD10CM, code) for code in kb.conditions["muscle_strain"].icd10
    ]
    shown = [p["probabilityDecimal"] for p in risk["prediction"]]
    assert shown == sorted(shown, reverse=True)
    assert shown[0] == round(view.conditions[0].probability, 4)
    assert risk["note"][-1]["text"].startswith("backcheck is not a diagnosis")
    assert len(risk["basis"]) == 1 + len(findings)


def test_fhir_record_of_an_emergency(services: Services) -> None:
    view = finish_check(services, {"loc_between_shoulder_blades", "tearing_pain"}, age=66)
    bundle = DocumentService(services).fhir(view.id)
    Bundle.model_validate(bundle)
    risk = _resources(bundle, "RiskAssessment")[0]
    assert risk["extension"][0]["valueCoding"]["code"] == "emergency_ambulance"
    assert risk["prediction"][0]["outcome"]["coding"][0] == {"system": ICD10CM, "code": "I71.00"}
    assert "Reason: " in risk["note"][1]["text"]


def _pdf_text(pdf: bytes) -> tuple[int, str, dict[str, str]]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return len(reader.pages), " ".join(text.split()), meta


def _picture(pdf: bytes, name: str) -> Path:
    """Draw the first page as a PNG with pdftoppm (poppler-utils); return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(source),
         str(ARTIFACTS / name)],
        check=True, timeout=60,
    )  # fmt: skip
    return ARTIFACTS / f"{name}.png"


def test_pdf_report_holds_what_the_doctor_needs(services: Services) -> None:
    view = finish_check(services)
    download = DocumentService(services).pdf(view.id)
    summary = finished_summary(services, view.id)
    assert download.media_type == "application/pdf"
    assert download.filename == f"backcheck-report-{summary.checked_at:%Y-%m-%d}.pdf"
    assert download.content.startswith(b"%PDF-")
    pages, text, meta = _pdf_text(download.content)
    assert 2 <= pages <= 4
    assert meta["/Title"].startswith("backcheck report: Care for it at home (")
    checked = summary.checked_at
    expected = [
        "Report for a doctor",
        f"Check completed on {checked.day} {checked:%B %Y, %H:%M} UTC",
        "This copy was made on 2 January 2031, 12:00 UTC",
        "Age 30 to 44 years old Sex Male",
        "Not a diagnosis. backcheck is not a diagnosis and does not replace a doctor.",
        "Urgency: Care for it at home",
        "Likely conditions",
        "Upper back muscle strain or sprain",
        percent(view.conditions[0].probability),
        "S29.012A, S23.3XXA",
        "Answers given",
        "Did the pain start with any of these? Choose all that apply.",
        "Started while lifting, twisting or straining",
        "Warning signs asked about and absent",
        "no chest pain",
        "normal bladder and bowel control",
        "What the doctor may ask",
        "Spurling's test",
        "What the doctor may do",
        "If it is upper back muscle strain or sprain",
        "Call emergency services at once if any of these appear",
        "This is not a diagnosis.",
        "page 1 of",
    ]
    missing = [phrase for phrase in expected if phrase not in text]
    assert missing == []
    positions = [text.index(phrase) for phrase in expected[:-1]]
    assert positions == sorted(positions)  # in this order
    assert "pain for 6 weeks or less" not in text  # a choose-one option is no warning sign
    if shutil.which("pdftoppm"):
        with Image.open(_picture(download.content, "report-strain")) as image:
            dark = sum(image.convert("L").histogram()[:128])
            assert image.size[0] < image.size[1]  # portrait A4
            assert dark > 2000  # text was drawn


def test_pdf_report_of_an_emergency_says_so_first(services: Services) -> None:
    view = finish_check(services, {"loc_between_shoulder_blades", "tearing_pain"}, age=66)
    _, text, _ = _pdf_text(DocumentService(services).pdf(view.id).content)
    assert text.index("Urgency: Call emergency services now") < text.index("Likely conditions")
    assert "Tear in the aorta (aortic dissection)" in text
    assert "I71.00" in text


def test_unfinished_unknown_and_expired_checks_have_no_documents(services: Services) -> None:
    documents = DocumentService(services)
    started = InterviewService(services).start(age=40, sex="female")
    with pytest.raises(ConflictError) as unfinished:
        documents.pdf(started.id)
    assert unfinished.value.code == "interview_not_finished"
    with pytest.raises(NotFoundError):
        documents.fhir("x" * 43)
    done = finish_check(services, STRAIN)
    with services.db.engine.begin() as connection:
        connection.exec_driver_sql(
            "update interviews set expires_at = '2000-01-01 00:00:00' where id = %s"
            if services.db.dialect == "postgresql"
            else "update interviews set expires_at = '2000-01-01 00:00:00' where id = ?",
            (done.id,),
        )
    with pytest.raises(NotFoundError) as expired:
        documents.fhir(done.id)
    assert expired.value.code == "interview_not_found"
