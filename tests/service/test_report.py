"""The results report: reasons are KB phrases, never the person's age, sex or pregnancy."""

from __future__ import annotations

from backcheck.engine import Engine, Patient
from backcheck.knowledge import KnowledgeBase, finding_phrase
from backcheck.service import build_report

STRAIN = {
    "loc_between_shoulder_blades": "present",
    "began_after_lifting": "present",
    "duration_1_to_7_days": "present",
    "fever": "absent",
    "worse_breathing_in": "absent",
}
LIFTING = "started while lifting, carrying or twisting"
WEEK = "pain for 1 to 7 days"
BLADES = "pain between the shoulder blades"
BREATHING = "not worse when you breathe in deeply"


def test_the_engine_counts_sex_and_age_for_a_strain(engine: Engine) -> None:
    why = engine.explain("muscle_strain", STRAIN, Patient(age=40, sex="male"))
    assert [c.id for c in why.supporting] == [
        "began_after_lifting", "duration_1_to_7_days", "sex_male", "age_30_44",
        "worse_breathing_in",
    ]  # fmt: skip


def test_a_male_patients_results_never_give_male_as_a_reason(
    engine: Engine, kb: KnowledgeBase
) -> None:
    patient = Patient(age=40, sex="male")
    report = build_report(engine, engine.assess(STRAIN, patient), patient)
    reasons = {c.id: (c.supporting, c.opposing) for c in report.conditions}
    assert reasons == {
        "muscle_strain": ((LIFTING, WEEK, BREATHING), ()),
        "postural_pain": ((BLADES, BREATHING), (LIFTING, WEEK)),
        "myofascial_pain": ((BLADES, BREATHING), (WEEK, LIFTING)),
        "stress_muscle_pain": ((BLADES, WEEK), (LIFTING,)),
        "shoulder_injury": ((LIFTING,), (BLADES,)),
    }
    demographic = {
        finding_phrase(f, state)
        for f in kb.findings.values()
        if f.kind == "demographic"
        for state in ("present", "absent")
    }
    shown = {phrase for pair in reasons.values() for part in pair for phrase in part}
    assert shown & demographic == set()
