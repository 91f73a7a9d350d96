"""Turn an assessment into what a person reads: urgency first, then causes in plain words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backcheck.engine import Assessment, Contribution, Engine, EvidenceItem, Patient, Triage
from backcheck.knowledge import Finding, KnowledgeBase, finding_phrase

__all__ = [
    "DOCTOR_QUESTIONS",
    "ConditionReport",
    "Report",
    "build_report",
    "evidence_phrase",
    "in_ten",
    "likelihood_words",
]

#: Buoy's "questions your doctor may ask" (seed 000), in our words.
DOCTOR_QUESTIONS = (
    "Turning your head towards the painful side and tilting it back while the doctor presses "
    "down gently (Spurling's test): does that send pain into your shoulder blade or arm?",
    "What is your height and weight (body mass)?",
    "Can you feel a painful, tight knot or band in a muscle anywhere?",
    "Does the pain in your upper back travel down your arm?",
    "When did the pain start, what were you doing, and where does it hurt most?",
    "What makes the pain better, and what makes it worse?",
)

_RARITY_WORDS = {
    "common": "common",
    "uncommon": "uncommon",
    "rare": "rare",
    "ultra_rare": "very rare",
}


def likelihood_words(p: float) -> str:
    """A probability in words.

    >>> [likelihood_words(p) for p in (0.7, 0.35, 0.12, 0.02)]
    ['likely', 'possible', 'less likely', 'unlikely']
    """
    if p >= 0.6:
        return "likely"
    if p >= 0.3:
        return "possible"
    if p >= 0.1:
        return "less likely"
    return "unlikely"


def in_ten(p: float) -> str:
    """A probability as "about N in 10 people with answers like yours".

    >>> in_ten(0.62), in_ten(0.04), in_ten(0.999)
    ('about 6 in 10', 'fewer than 1 in 10', 'almost 10 in 10')
    """
    n = round(p * 10)
    if n < 1:
        return "fewer than 1 in 10"
    if n >= 10:
        return "almost 10 in 10"
    return f"about {n} in 10"


def evidence_phrase(finding: Finding, state: str) -> str:
    """A finding as the short phrase the knowledge base gives for its state.

    >>> from backcheck.knowledge import load_kb
    >>> fever = load_kb().findings["fever"]
    >>> evidence_phrase(fever, "present"), evidence_phrase(fever, "absent")
    ('a fever', 'no fever')
    """
    return finding_phrase(finding, state)


@dataclass(frozen=True)
class ConditionReport:
    """One condition as shown to a person."""

    id: str
    name: str
    clinical_name: str
    probability: float
    words: str
    in_ten: str
    rarity: str
    urgency: str
    urgency_label: str
    description: str
    supporting: tuple[str, ...]
    opposing: tuple[str, ...]
    self_care: tuple[str, ...]
    see_doctor: tuple[str, ...]
    doctor: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """Everything a results page shows, in the order it is shown."""

    scope: str
    scope_message: str
    triage: Triage
    conditions: tuple[ConditionReport, ...]
    self_care: tuple[str, ...]
    see_doctor: tuple[str, ...]
    emergency_signs: tuple[str, ...]
    doctor_questions: tuple[str, ...]
    disclaimer: str
    evidence: tuple[EvidenceItem, ...]


def _phrases(kb: KnowledgeBase, parts: Sequence[Contribution], limit: int) -> tuple[str, ...]:
    reasons = [c for c in parts if kb.findings[c.id].kind != "demographic"]
    return tuple(evidence_phrase(kb.findings[c.id], c.state) for c in reasons[:limit])


def _scope_message(scope: str) -> str:
    if scope == "out_of_scope":
        return (
            "You said the pain is only in your lower back. backcheck is made for pain in the "
            "upper and middle back, so the causes below may not fit; the urgency advice and the "
            "warning signs still apply."
        )
    return ""


def build_report(
    engine: Engine,
    assessment: Assessment,
    patient: Patient | None = None,
    top_n: int = 5,
    min_probability: float = 0.01,
) -> Report:
    """The report for an assessment: triage, top conditions with reasons, advice."""
    kb = engine.kb
    evidence = [e for e in assessment.evidence if e.state != "unknown"]
    shown = [c for c in assessment.conditions[:top_n] if c.probability >= min_probability]
    if not shown:
        shown = list(assessment.conditions[:1])
    reports: list[ConditionReport] = []
    for result in shown:
        cond = kb.conditions[result.id]
        why = engine.explain(result.id, evidence, patient)
        reports.append(
            ConditionReport(
                id=cond.id,
                name=cond.name,
                clinical_name=cond.clinical_name,
                probability=result.probability,
                words=likelihood_words(result.probability),
                in_ten=in_ten(result.probability),
                rarity=_RARITY_WORDS[cond.rarity],
                urgency=cond.urgency,
                urgency_label=kb.settings.triage[cond.urgency].label,
                description=cond.description,
                supporting=_phrases(kb, why.supporting, 4),
                opposing=_phrases(kb, why.opposing, 3),
                self_care=tuple(cond.self_care),
                see_doctor=tuple(cond.see_doctor),
                doctor=tuple(cond.doctor),
            )
        )
    top = kb.conditions[shown[0].id]
    self_care = tuple(top.self_care) if assessment.triage.level != "emergency_ambulance" else ()
    return Report(
        scope=assessment.scope,
        scope_message=_scope_message(assessment.scope),
        triage=assessment.triage,
        conditions=tuple(reports),
        self_care=self_care,
        see_doctor=tuple(kb.settings.see_doctor),
        emergency_signs=tuple(kb.settings.emergency_signs),
        doctor_questions=DOCTOR_QUESTIONS,
        disclaimer=kb.settings.disclaimer,
        evidence=tuple(assessment.evidence),
    )
