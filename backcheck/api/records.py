"""`/api/v1/interviews/{id}/report.pdf` and `/fhir`: a finished check for a doctor or a clinic.

The interview's id is the key: 256 random bits, valid while the interview is kept
(BACKCHECK_INTERVIEW_TTL_HOURS, 24 hours by default).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, Response

from backcheck.api.schemas import ErrorOut
from backcheck.http.deps import DocumentsDep, write_limit
from backcheck.service.fhir import FHIR_MEDIA_TYPE

__all__ = ["FhirResponse", "router"]

router = APIRouter(prefix="/interviews", tags=["reports and records"])


class FhirResponse(JSONResponse):
    """JSON with FHIR's media type."""

    media_type = FHIR_MEDIA_TYPE


InterviewId = Annotated[str, Path(min_length=1, max_length=64, description="The interview id.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such interview, or it expired"},
    409: {"model": ErrorOut, "description": "The check is not finished yet"},
    429: {"model": ErrorOut, "description": "Too many requests"},
}
# FastAPI files a ``model`` under the route's own media type; the FHIR route's errors are
# plain JSON, so they name their content type themselves.
_ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
FHIR_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": spec["description"], "content": _ERROR_JSON}
    for status, spec in ERRORS.items()
}


@router.get(
    "/{interview_id}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "A PDF"}, **ERRORS},
    dependencies=[Depends(write_limit)],
    summary="The PDF report",
)
def report_pdf(interview_id: InterviewId, documents: DocumentsDep) -> Response:
    """A dated PDF of a finished check, for a doctor.

    It holds the urgency and its reasons, the answers, the warning signs asked about and
    absent, the likely conditions with probabilities and ICD-10-CM codes, what the doctor may
    ask and do, and the "not a diagnosis" notice. Drawing it takes about two seconds, so it
    counts against the client's write rate.
    """
    download = documents.pdf(interview_id)
    disposition = f'attachment; filename="{download.filename}"'
    return Response(
        download.content,
        media_type=download.media_type,
        headers={"Content-Disposition": disposition},
    )


@router.get(
    "/{interview_id}/fhir",
    response_class=FhirResponse,
    responses={200: {"description": "An HL7 FHIR R4 Bundle"}, **FHIR_ERRORS},
    summary="The FHIR record",
)
def fhir(interview_id: InterviewId, documents: DocumentsDep) -> FhirResponse:
    """An HL7 FHIR R4 Bundle (type collection) of a finished check.

    It holds a Patient with only the sex, an age-band Observation, the QuestionnaireResponse,
    an Observation per finding (SNOMED CT where known) and a RiskAssessment with the triage
    level and the ranked conditions with their ICD-10-CM codes and probabilities.
    """
    return FhirResponse(documents.fhir(interview_id))
