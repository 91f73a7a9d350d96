"""A finished check as an HL7 FHIR R4 Bundle that a clinic's system can read.

The bundle (type `collection`) holds:

- a `Patient` with only the sex (no name, no birth date, no identifier);
- an age `Observation` (LOINC 30525-0) holding the age band as a range, when given;
- the `QuestionnaireResponse`: every question asked, in order, with its answer;
- an `Observation` per finding reported present or absent, coded in SNOMED CT where the
  knowledge base has a code, and always in backcheck's own finding system;
- a `RiskAssessment`: the triage level (an extension), the advice, and the ranked conditions
  with their ICD-10-CM codes and probabilities.

Only resources and elements that are the same in FHIR R4 and R4B are used. References between
entries are `urn:uuid:` ids derived from the interview id (the same check always gives the same
ids; the id itself cannot be read back from them).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from backcheck.engine import EvidenceItem, Question
from backcheck.engine.model import AGE_BANDS
from backcheck.knowledge import KnowledgeBase
from backcheck.service.answers import AnsweredQuestion
from backcheck.service.summary import CheckSummary

__all__ = [
    "FHIR_MEDIA_TYPE",
    "FINDING_SYSTEM",
    "ICD10CM",
    "SNOMED",
    "TRIAGE_EXTENSION",
    "TRIAGE_SYSTEM",
    "fhir_bundle",
    "fhir_time",
]

FHIR_MEDIA_TYPE = "application/fhir+json"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
#: backcheck's finding ids (the knowledge base) as a code system.
FINDING_SYSTEM = "urn:backcheck:finding"
#: Answers that are no finding ("none of these").
ANSWER_SYSTEM = "urn:backcheck:answer"
#: backcheck's triage levels, least urgent first: self_care ... emergency_ambulance.
TRIAGE_SYSTEM = "urn:backcheck:triage-level"
TRIAGE_EXTENSION = "urn:backcheck:extension:triage-level"
_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_TRIAGE_SNOMED = "225390008"  # Triage (procedure)
_NAMESPACE = uuid.UUID("6f1b8d0e-7c53-4c0e-9a61-3b8f2a9d0c4e")


def fhir_time(moment: datetime) -> str:
    """A stored (naive UTC) time as a FHIR dateTime.

    >>> fhir_time(datetime(2026, 12, 6, 9, 30))
    '2026-12-06T09:30:00Z'
    """
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


class _Ids:
    """`urn:uuid:` references for the entries of one check."""

    def __init__(self, interview_id: str) -> None:
        self.seed = interview_id

    def __call__(self, name: str) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{self.seed}/{name}')}"


def _finding_coding(kb: KnowledgeBase, finding_id: str) -> list[dict[str, Any]]:
    finding = kb.findings[finding_id]
    codes: list[dict[str, Any]] = [{"system": SNOMED, "code": c} for c in finding.codes.snomed]
    return [*codes, {"system": FINDING_SYSTEM, "code": finding_id, "display": finding.name}]


def _answer_values(question: Question, value: str | tuple[str, ...]) -> list[dict[str, Any]]:
    """The QuestionnaireResponse answers for one answer given."""
    if value == "unknown":
        unknown = {"system": _ABSENT_REASON, "code": "asked-unknown"}
        return [{"valueCoding": {**unknown, "display": "Asked But Unknown"}}]
    if question.select == "yes_no":
        return [{"valueBoolean": value == "yes"}]
    labels = {o.id: o.label for o in question.options}
    chosen = (value,) if isinstance(value, str) else value
    if not chosen:
        none = question.none_label or "None of these"
        return [{"valueCoding": {"system": ANSWER_SYSTEM, "code": "none", "display": none}}]
    return [
        {"valueCoding": {"system": FINDING_SYSTEM, "code": c, "display": labels.get(c, c)}}
        for c in chosen
    ]


def _item(answer: AnsweredQuestion) -> dict[str, Any]:
    question = answer.question
    return {
        "linkId": question.id,
        "text": question.text,
        "answer": _answer_values(question, answer.value),
    }


def _observation(
    kb: KnowledgeBase, item: EvidenceItem, refs: dict[str, str], when: str
) -> dict[str, Any]:
    finding = kb.findings[item.id]
    how = "Answer to a question" if item.source == "answer" else "Understood from own words"
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": _CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": _finding_coding(kb, item.id), "text": finding.name},
        "subject": {"reference": refs["patient"]},
        "effectiveDateTime": when,
        "valueBoolean": item.state == "present",
        "method": {"text": how},
    }
    if item.source == "answer":
        resource["derivedFrom"] = [{"reference": refs["answers"]}]
    return resource


def _age(band: str, refs: dict[str, str], when: str) -> dict[str, Any]:
    low, high = next((lo, hi) for fid, lo, hi in AGE_BANDS if fid == band)
    years = {"unit": "years", "system": UCUM, "code": "a"}
    value: dict[str, Any] = {"low": {"value": low, **years}}
    if high < 120:
        value["high"] = {"value": high, **years}
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "30525-0", "display": "Age"}], "text": "Age"},
        "subject": {"reference": refs["patient"]},
        "effectiveDateTime": when,
        "valueRange": value,
    }


def _risk(summary: CheckSummary, refs: dict[str, str], basis: list[str]) -> dict[str, Any]:
    report = summary.report
    triage = report.triage
    level = {"system": TRIAGE_SYSTEM, "code": triage.level, "display": triage.label}
    predictions = []
    for line in summary.conditions:
        cond = line.condition
        coding = [{"system": ICD10CM, "code": code} for code in line.icd10]
        prediction: dict[str, Any] = {
            "outcome": {"coding": coding, "text": f"{cond.name} ({cond.clinical_name})"},
            "probabilityDecimal": round(cond.probability, 4),
        }
        reasons = [f"Suggested by: {'; '.join(cond.supporting)}."] if cond.supporting else []
        reasons += [f"Argued against by: {'; '.join(cond.opposing)}."] if cond.opposing else []
        if reasons:
            prediction["rationale"] = " ".join(reasons)
        predictions.append(prediction)
    notes = [f"{triage.label}: {triage.headline}"]
    notes += [f"Reason: {reason.text}" for reason in report.reasons]
    notes.append(report.disclaimer)
    return {
        "resourceType": "RiskAssessment",
        "extension": [{"url": TRIAGE_EXTENSION, "valueCoding": level}],
        "status": "final",
        "method": {"text": f"backcheck symptom checker (knowledge base {summary.kb_version})"},
        "code": {
            "coding": [{"system": SNOMED, "code": _TRIAGE_SNOMED, "display": "Triage"}],
            "text": f"Triage: {triage.label}",
        },
        "subject": {"reference": refs["patient"]},
        "occurrenceDateTime": fhir_time(summary.checked_at),
        "basis": [{"reference": ref} for ref in basis],
        "prediction": predictions,
        "mitigation": triage.advice,
        "note": [{"text": text} for text in notes],
    }


def fhir_bundle(summary: CheckSummary, kb: KnowledgeBase) -> dict[str, Any]:
    """The FHIR R4 Bundle (as JSON-ready data) of a finished check."""
    ids = _Ids(summary.interview_id)
    refs = {"patient": ids("patient"), "answers": ids("questionnaire-response")}
    when = fhir_time(summary.checked_at)
    entries: list[tuple[str, dict[str, Any]]] = [
        (
            refs["patient"],
            {"resourceType": "Patient", "gender": summary.sex or "unknown"},
        ),
    ]
    if summary.age_band is not None:
        entries.append((ids("age"), _age(summary.age_band, refs, when)))
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": refs["patient"]},
        "authored": when,
    }
    if summary.answers:  # FHIR allows no empty lists
        response["item"] = [_item(answer) for answer in summary.answers]
    entries.append((refs["answers"], response))
    observations = [
        (ids(f"finding/{item.id}"), _observation(kb, item, refs, when)) for item in summary.evidence
    ]
    entries += observations
    basis = [refs["answers"], *(ref for ref, _ in observations)]
    entries.append((ids("risk-assessment"), _risk(summary, refs, basis)))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": fhir_time(summary.made_at),
        "entry": [{"fullUrl": ref, "resource": resource} for ref, resource in entries],
    }
