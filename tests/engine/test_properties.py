"""Invariants of the engine, checked with hypothesis over random evidence."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcheck.engine import Engine, EvidenceItem, Patient
from backcheck.knowledge import URGENCIES, KnowledgeBase, load_kb

_KB: KnowledgeBase = load_kb()
_ENGINE = Engine(_KB)
FINDINGS = sorted(_KB.findings)
RED_FLAGS = sorted(_ENGINE.model.red_flag_findings)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

evidence_maps = st.dictionaries(
    st.sampled_from(FINDINGS), st.sampled_from(["present", "absent", "unknown"]), max_size=25
)
patients = st.builds(
    Patient,
    age=st.one_of(st.none(), st.integers(min_value=1, max_value=100)),
    sex=st.sampled_from([None, "female", "male"]),
)


def rank(level: str) -> int:
    return URGENCIES.index(level)


@SETTINGS
@given(evidence=evidence_maps, patient=patients)
def test_probabilities_are_a_distribution(evidence: dict[str, str], patient: Patient) -> None:
    result = _ENGINE.assess(evidence, patient)
    probs = [c.probability for c in result.conditions]
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert sum(probs) == pytest.approx(1.0)
    assert probs == sorted(probs, reverse=True)
    assert len(probs) == len(_KB.conditions)


@SETTINGS
@given(evidence=evidence_maps, patient=patients, seed=st.integers(0, 2**16))
def test_order_of_answers_does_not_matter(
    evidence: dict[str, str], patient: Patient, seed: int
) -> None:
    items = [EvidenceItem(fid, "", state) for fid, state in evidence.items()]  # type: ignore[arg-type]
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    first = _ENGINE.assess(items, patient)
    second = _ENGINE.assess(shuffled, patient)
    assert [c.id for c in first.conditions] == [c.id for c in second.conditions]
    assert [c.probability for c in first.conditions] == pytest.approx(
        [c.probability for c in second.conditions]
    )
    assert first.triage == second.triage


@SETTINGS
@given(evidence=evidence_maps, patient=patients, flag=st.sampled_from(RED_FLAGS))
def test_adding_a_red_flag_never_lowers_triage(
    evidence: dict[str, str], patient: Patient, flag: str
) -> None:
    evidence = {k: v for k, v in evidence.items() if k != flag}
    before = _ENGINE.assess(evidence, patient)
    after = _ENGINE.assess({**evidence, flag: "present"}, patient)
    assert rank(after.triage.level) >= rank(before.triage.level)


@SETTINGS
@given(evidence=evidence_maps, patient=patients, extra=st.sampled_from(FINDINGS))
def test_unknown_changes_nothing(evidence: dict[str, str], patient: Patient, extra: str) -> None:
    evidence = {k: v for k, v in evidence.items() if k != extra}
    plain = _ENGINE.assess(evidence, patient)
    with_unknown = _ENGINE.assess({**evidence, extra: "unknown"}, patient)
    assert [c.probability for c in with_unknown.conditions] == pytest.approx(
        [c.probability for c in plain.conditions]
    )
    assert with_unknown.triage == plain.triage


def test_an_always_finding_reported_absent_makes_its_condition_unlikely(engine: Engine) -> None:
    prior = {c.id: c.probability for c in engine.assess({}).conditions}
    checked = 0
    for cond in engine.kb.conditions.values():
        for fid in cond.always:
            after = {c.id: c.probability for c in engine.assess({fid: "absent"}).conditions}
            assert after[cond.id] <= 0.15 * prior[cond.id], (cond.id, fid)
            checked += 1
    assert checked >= 3


@SETTINGS
@given(evidence=evidence_maps, patient=patients)
def test_a_fired_red_flag_is_never_undercut(evidence: dict[str, str], patient: Patient) -> None:
    result = _ENGINE.assess(evidence, patient)
    for reason in result.triage.reasons:
        if reason.kind == "red_flag":
            assert rank(result.triage.level) >= rank(reason.level)
