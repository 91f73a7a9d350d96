"""Every emergency and see-a-doctor sign the seeds name is covered by a red-flag rule."""

from __future__ import annotations

import pytest

from backcheck.engine import Engine, Patient
from backcheck.engine.triage import rule_holds
from backcheck.knowledge import URGENCIES, rule_findings
from backcheck.knowledge.schema import AllOf, AnyOf, When

# sign (as findings present) -> the least urgent level it may get, with the seed naming it
SEED_SIGNS: list[tuple[str, dict[str, str], str]] = [
    ("injury or fall (Dignity, K Health)", {"began_after_injury": "present"}, "consultation_24"),
    ("car crash or fall from a height (Buoy)", {"major_trauma": "present"}, "emergency"),
    ("leg weakness (Dignity, K Health)", {"leg_weakness": "present"}, "emergency"),
    ("arm weakness (Dignity)", {"arm_weakness": "present"}, "consultation_24"),
    ("arm numbness or tingling (Dignity, K Health)", {"arm_numbness": "present"}, "consultation"),
    ("leg numbness or tingling (Cleveland, K Health)", {"leg_numbness": "present"},
     "consultation_24"),
    ("numbness of the chest or stomach (Dignity)", {"trunk_numbness": "present"}, "emergency"),
    ("groin or saddle numbness (K Health)", {"saddle_numbness": "present"}, "emergency"),
    ("loss of bowel or bladder control (Dignity, Cleveland)", {"bladder_bowel_loss": "present"},
     "emergency"),
    ("chest pain (Dignity, K Health)", {"chest_pain": "present"}, "emergency"),
    ("shortness of breath (Dignity, K Health)", {"shortness_of_breath": "present"}, "emergency"),
    ("sweating (Dignity)", {"sweating": "present"}, "emergency"),
    ("jaw pain (Dignity)", {"jaw_pain": "present"}, "emergency"),
    ("nausea (Dignity)", {"nausea": "present"}, "consultation_24"),
    ("chest pain with sweating (Dignity)", {"chest_pain": "present", "sweating": "present"},
     "emergency_ambulance"),
    ("fever without flu-like aches (K Health)", {"fever": "present", "flu_like_aches": "absent"},
     "consultation_24"),
    ("fever with flu-like aches (Cleveland)", {"fever": "present", "flu_like_aches": "present"},
     "consultation"),
    ("unexplained weight loss (K Health, Cleveland)", {"weight_loss": "present"}, "consultation"),
    ("slowed reactions of arms and legs (K Health)", {"slowed_reactions": "present"},
     "consultation_24"),
    ("pain waking more than three nights (K Health)", {"night_pain_3_nights": "present"},
     "consultation"),
    ("pain beyond 4-6 weeks (K Health)", {"duration_4_to_6_weeks": "present"}, "consultation"),
    ("pain beyond 6 weeks (K Health)", {"duration_over_6_weeks": "present"}, "consultation"),
    ("severe pain not easing after days of home care (K Health)",
     {"severe_not_easing": "present"}, "consultation"),
    ("no improvement after a week (Cleveland)", {"no_improvement_week": "present"},
     "consultation"),
    ("pain shooting below the knee (K Health)", {"spreads_below_knee": "present"},
     "consultation"),
    ("sudden tearing pain (Buoy)", {"tearing_pain": "present"}, "emergency_ambulance"),
    ("history of cancer (Buoy, NICE)", {"cancer_history": "present"}, "consultation_24"),
    ("immune suppression (Buoy)", {"immunosuppressed": "present"}, "consultation_24"),
    ("injecting drugs (Darouiche)", {"iv_drug_use": "present"}, "consultation_24"),
    ("severe muscle spasms (Cleveland)", {"severe_spasm": "present"}, "consultation"),
    ("pain getting worse over time (Dignity)", {"course_worsening": "present"}, "consultation"),
    ("severe upper belly pain with vomiting (Banks 2013, Tokyo 2018)",
     {"upper_abdominal_pain": "present", "severity_severe": "present", "vomiting": "present"},
     "emergency"),
    ("colic in the side with repeated vomiting (EAU, kidney stone advice)",
     {"flank_pain": "present", "severity_severe": "present", "vomiting": "present"}, "emergency"),
    ("the worst pain ever, in waves, with vomiting (EAU, kidney stone advice)",
     {"pattern_waves": "present", "severity_worst_ever": "present", "vomiting": "present"},
     "emergency"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "evidence", "minimum"), SEED_SIGNS, ids=[s[0] for s in SEED_SIGNS]
)
def test_seed_sign_is_never_under_triaged(
    engine: Engine, label: str, evidence: dict[str, str], minimum: str
) -> None:
    for patient in (Patient(age=25, sex="female"), Patient(age=70, sex="male"), Patient()):
        result = engine.assess(evidence, patient)
        assert URGENCIES.index(result.triage.level) >= URGENCIES.index(minimum), (label, patient)
        assert result.triage.warnings, label


def satisfying(when: When) -> set[str]:
    """A smallest-effort set of present findings that makes a rule condition hold."""
    if isinstance(when, str):
        return {when}
    if isinstance(when, AllOf):
        return set().union(*(satisfying(part) for part in when.all))
    if isinstance(when, AnyOf):
        return satisfying(when.any[0])
    return set()


def test_every_rule_can_fire_and_names_its_sources(engine: Engine) -> None:
    for rule in engine.kb.rules:
        present = satisfying(rule.when)
        assert rule_holds(rule.when, present), rule.id
        # A part that needs a finding absent holds once it is answered "no".
        absent = dict.fromkeys(rule_findings(rule.when, negated=True), "absent")
        result = engine.assess({**absent, **dict.fromkeys(present, "present")})
        assert rule.id in [r.id for r in result.triage.warnings], rule.id
        assert URGENCIES.index(result.triage.level) >= URGENCIES.index(rule.level)
        assert rule.sources
        assert rule.reason.endswith(".")


def test_a_rule_needing_no_trigger_waits_for_the_trigger_question(engine: Engine) -> None:
    sudden_severe = {"onset_sudden": "present", "severity_severe": "present"}
    patient = Patient(age=72, sex="female")
    before = [
        "location",
        "screen_emergency",
        "screen_nerves",
        "screen_general",
        "onset",
        "severity",
    ]
    waiting = engine.step(sudden_severe, patient, asked=before)
    assert "severe_sudden_unexplained" not in [r.id for r in waiting.assessment.triage.warnings]
    assert waiting.question is not None
    assert waiting.question.id == "trigger"
    cough = {**sudden_severe, "began_after_cough": "present"}
    explained = engine.step(cough, patient, asked=[*before, "trigger"])
    assert "severe_sudden_unexplained" not in [r.id for r in explained.assessment.triage.warnings]
    none = {**sudden_severe, **dict.fromkeys(engine.kb.groups["trigger"].options, "absent")}
    unexplained = engine.step(none, patient, asked=[*before, "trigger"])
    assert "severe_sudden_unexplained" in [r.id for r in unexplained.assessment.triage.warnings]
    dont_know = engine.step(sudden_severe, patient, asked=[*before, "trigger"])
    assert "severe_sudden_unexplained" in [r.id for r in dont_know.assessment.triage.warnings]
    text = engine.assess(sudden_severe, patient, text=True)
    assert "severe_sudden_unexplained" in [r.id for r in text.triage.warnings]
