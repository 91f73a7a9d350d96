"""Use cases: the PDF report and the FHIR record of a finished check, for download."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from backcheck.service.fhir import FHIR_MEDIA_TYPE, fhir_bundle
from backcheck.service.report_pdf import PDF_MEDIA_TYPE, render_pdf
from backcheck.service.runtime import Services
from backcheck.service.summary import finished_summary

__all__ = ["DocumentService", "Download"]


@dataclass(frozen=True)
class Download:
    """A file to hand over: its bytes, media type and the file name to offer."""

    content: bytes
    media_type: str
    filename: str


class DocumentService:
    """The documents of a finished check (the interview's unguessable id is the key).

    They exist as long as the interview does (BACKCHECK_INTERVIEW_TTL_HOURS); both raise
    NotFoundError for an unknown or expired id and ConflictError for an unfinished check.
    """

    def __init__(self, services: Services) -> None:
        self.services = services

    def pdf(self, interview_id: str) -> Download:
        """The dated PDF report for a doctor."""
        summary = finished_summary(self.services, interview_id)
        name = f"backcheck-report-{summary.checked_at:%Y-%m-%d}.pdf"
        return Download(render_pdf(summary), PDF_MEDIA_TYPE, name)

    def fhir(self, interview_id: str) -> dict[str, Any]:
        """The HL7 FHIR R4 Bundle, as JSON-ready data."""
        summary = finished_summary(self.services, interview_id)
        return fhir_bundle(summary, self.services.kb)

    def fhir_download(self, interview_id: str) -> Download:
        """The FHIR Bundle as a JSON file to save."""
        summary = finished_summary(self.services, interview_id)
        body = json.dumps(fhir_bundle(summary, self.services.kb), indent=2, ensure_ascii=False)
        name = f"backcheck-record-{summary.checked_at:%Y-%m-%d}.json"
        return Download(body.encode("utf-8"), FHIR_MEDIA_TYPE, name)
