"""Downloads from the results page: the PDF report and the FHIR record of a finished check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backcheck.http.deps import read_limit, services_from, write_limit
from backcheck.service import DocumentService, Download

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _attachment(download: Download) -> Response:
    return Response(
        download.content,
        media_type=download.media_type,
        headers={"Content-Disposition": f'attachment; filename="{download.filename}"'},
    )


@router.get("/results/{interview_id}/report.pdf", dependencies=[Depends(write_limit)])
def report_pdf(request: Request, interview_id: str) -> Response:
    """The dated PDF report for a doctor (about two seconds of work: rate-limited)."""
    return _attachment(DocumentService(services_from(request)).pdf(interview_id))


@router.get("/results/{interview_id}/record.json", dependencies=[Depends(read_limit)])
def record(request: Request, interview_id: str) -> Response:
    """The HL7 FHIR R4 record, as a file to hand to a clinic."""
    return _attachment(DocumentService(services_from(request)).fhir_download(interview_id))
