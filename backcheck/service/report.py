"""Turn an assessment into what a person reads: urgency first, then causes in plain words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backcheck.engine import Assessment, Contribution, Engine, EvidenceItem, Patient, Triage
from backcheck.engine.types import ConditionResult
from backcheck.knowledge import (
    EMERGENCY_RANK,
    Finding,
    KnowledgeBase,
    finding_phrase,
    is_emergency,
    urgency_rank,
)

__all__ = [
    "DOCTOR_QUESTIONS",
    "ConditionReport",
    "ReasonReport",
    "Report",
    "build_report",
    "evidence_phrase",
    "in_ten",
    "likelihood_words",
    "not_covered",
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
    """One condition as shown to a person.

    `note` says how the condition relates to the advice at the top when its own urgency
    differs (empty when they agree); `warned` marks a condition listed because a warning sign
    the person reported points to it.
    """

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
    note: str = ""
    warned: bool = False


@dataclass(frozen=True)
class ReasonReport:
    """One reason for the advice, with the conditions it points to (all listed below it)."""

    text: str
    kind: str
    points_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything a results page shows, in the order it is shown.

    One level and one headline, with reasons, causes and advice that agree with them.
    """

    scope: str
    scope_message: str
    triage: Triage
    reasons: tuple[ReasonReport, ...]
    conditions_intro: str
    conditions: tuple[ConditionReport, ...]
    self_care_title: str
    self_care: tuple[str, ...]
    see_doctor: tuple[str, ...]
    emergency_signs: tuple[str, ...]
    doctor_questions: tuple[str, ...]
    disclaimer: str
    evidence: tuple[EvidenceItem, ...]


def _phrases(kb: KnowledgeBase, parts: Sequence[Contribution], limit: int) -> tuple[str, ...]:
    """Reasons in words, without age, sex, pregnancy or areas left unticked on the body map."""
    places = set(kb.groups[kb.settings.scope.location_group].options)
    reasons = [
        c
        for c in parts
        if kb.findings[c.id].kind != "demographic" and not (c.state == "absent" and c.id in places)
    ]
    return tuple(evidence_phrase(kb.findings[c.id], c.state) for c in reasons[:limit])


#: An outside-scope condition (meningitis) this likely, among the first three, is named as
#: "something backcheck does not cover" rather than ranked as a back condition.
NOT_COVERED_FROM = 0.15


def not_covered(kb: KnowledgeBase, conditions: Sequence[ConditionResult]) -> str:
    """What to say when the evidence points to an emergency outside backcheck's area, or "".

    >>> from backcheck.knowledge import load_kb
    >>> kb = load_kb()
    >>> strain = ConditionResult("muscle_strain", "", "", (), 0.9, "self_care", "common")
    >>> not_covered(kb, [strain])
    ''
    >>> from dataclasses import replace
    >>> not_covered(kb, [replace(strain, id="meningitis", probability=0.3)])[:40]
    'This may be something backcheck does not'

    """
    for c in conditions[:3]:
        condition = kb.conditions.get(c.id)
        if condition is not None and condition.outside_scope and c.probability >= NOT_COVERED_FROM:
            return (
                f"This may be something backcheck does not cover: {condition.name[0].lower()}"
                f"{condition.name[1:]}. backcheck is made for back pain, so follow the urgency "
                "advice above rather than the list of back conditions."
            )
    return ""


def _scope_message(
    scope: str, kb: KnowledgeBase | None = None, conditions: Sequence[ConditionResult] = ()
) -> str:
    outside = not_covered(kb, conditions) if kb is not None else ""
    if scope == "out_of_scope":
        return " ".join(
            p
            for p in (
                "You said the pain is only in your lower back. backcheck is made for pain in "
                "the upper and middle back, so the causes below may not fit; the urgency advice "
                "and the warning signs still apply.",
                outside,
            )
            if p
        )
    return outside


def _intro(triage: Triage) -> str:
    if triage.red_flag:
        return (
            "You reported a warning sign, so the advice above comes first, whatever the cause "
            "turns out to be. These are the causes your answers fit best, most likely first; "
            "tell the doctor about them. This is not a diagnosis."
        )
    if is_emergency(triage.level):
        return (
            "Your answers fit a cause that needs urgent care. These are the possibilities, most "
            "likely first; only an examination can tell which it is."
        )
    return (
        "These are possibilities from your answers, most likely first, not a diagnosis. Only a "
        "doctor who examines you can tell what it is."
    )


def _note(level: str, urgency: str, label: str, warned_by: str | None) -> str:
    """How a condition relates to the advice at the top, when their urgencies differ."""
    if warned_by is not None:
        return (
            f"Listed because of the warning sign you reported ({warned_by}), even though your "
            "other answers make it less likely."
        )
    here, its = urgency_rank(level), urgency_rank(urgency)
    if its == here:
        return ""
    if its < here:
        if here >= EMERGENCY_RANK:
            return "Less urgent on its own; the advice at the top still comes first."
        return ""
    return (
        f"Less likely from your answers, but if it were the cause it would need you to "
        f"{label.lower()}: the warning signs below say when."
    )


def build_report(
    engine: Engine,
    assessment: Assessment,
    patient: Patient | None = None,
    top_n: int = 5,
    min_probability: float = 0.01,
) -> Report:
    """The report for an assessment: triage, top conditions with reasons, advice."""
    kb = engine.kb
    triage = assessment.triage
    evidence = [e for e in assessment.evidence if e.state != "unknown"]
    shown = [c for c in assessment.conditions[:top_n] if c.probability >= min_probability]
    if not shown:
        shown = list(assessment.conditions[:1])
    # Every condition a reported warning sign points to is listed, even when less likely.
    rules = {r.id: r for r in kb.rules}
    warned: dict[str, str] = {}
    reasons: list[ReasonReport] = []
    for reason in triage.reasons:
        rule = rules.get(reason.id) if reason.kind == "red_flag" else None
        named = tuple(rule.conditions) if rule is not None else ()
        for cid in named:
            warned.setdefault(cid, rule.name.lower() if rule is not None else "")
        points = tuple(kb.conditions[c].name for c in named)
        reasons.append(ReasonReport(reason.text, reason.kind, points))
    listed = {c.id for c in shown}
    by_id = {c.id: c for c in assessment.conditions}
    shown += [by_id[c] for c in warned if c not in listed and c in by_id]
    reports: list[ConditionReport] = []
    for result in shown:
        cond = kb.conditions[result.id]
        why = engine.explain(result.id, evidence, patient)
        label = kb.settings.triage[cond.urgency].label
        extra = warned.get(cond.id) if cond.id not in listed else None
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
                urgency_label=label,
                description=cond.description,
                supporting=_phrases(kb, why.supporting, 4),
                opposing=_phrases(kb, why.opposing, 3),
                self_care=tuple(cond.self_care),
                see_doctor=tuple(cond.see_doctor),
                doctor=tuple(cond.doctor),
                note=_note(triage.level, cond.urgency, label, extra),
                warned=extra is not None,
            )
        )
    # Self-care only where the advice is not urgent, and only from a cause that agrees with it.
    top = kb.conditions[shown[0].id]
    level = urgency_rank(triage.level)
    self_care: tuple[str, ...] = ()
    if level < EMERGENCY_RANK and urgency_rank(top.urgency) <= level:
        self_care = tuple(top.self_care)
    title = "What you can do now" if level == 0 else "Until you see a doctor"
    return Report(
        scope=assessment.scope,
        scope_message=_scope_message(assessment.scope, kb, assessment.conditions),
        triage=triage,
        reasons=tuple(reasons),
        conditions_intro=_intro(triage),
        conditions=tuple(reports),
        self_care_title=title,
        self_care=self_care,
        see_doctor=tuple(kb.settings.see_doctor),
        emergency_signs=tuple(kb.settings.emergency_signs),
        doctor_questions=DOCTOR_QUESTIONS,
        disclaimer=kb.settings.disclaimer,
        evidence=tuple(assessment.evidence),
    )
