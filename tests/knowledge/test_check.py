"""`check_kb` on the shipped knowledge base and on deliberately broken copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backcheck.cli import app
from backcheck.knowledge import KBError, KnowledgeBase, check_kb, default_root, load_kb
from backcheck.knowledge.docs import conditions_table

REQUIRED_CONDITIONS = {
    "muscle_strain", "postural_pain", "myofascial_pain", "thoracic_disc_herniation",
    "thoracic_spondylosis", "costovertebral_dysfunction", "traumatic_vertebral_fracture",
    "osteoporotic_fracture", "kyphosis", "scoliosis", "dish", "ankylosing_spondylitis",
    "psoriatic_arthritis", "fibromyalgia", "thoracic_outlet_syndrome", "cervical_radiculopathy",
    "cervical_myelopathy", "shoulder_injury", "pagets_disease", "pregnancy_back_pain",
    "stress_muscle_pain", "vertebral_osteomyelitis", "spinal_epidural_abscess", "shingles",
    "spine_metastases", "multiple_myeloma", "pancoast_tumour", "pancreatic_cancer",
    "aortic_dissection", "aortic_aneurysm", "heart_attack", "angina", "pericarditis",
    "pulmonary_embolism", "pneumothorax", "pneumonia", "gallstones", "acute_pancreatitis",
    "peptic_ulcer", "kidney_stone", "pyelonephritis",
}  # fmt: skip


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(str(default_root()), target)
    return target


def test_shipped_kb_is_valid() -> None:
    report = check_kb()
    assert report.problems == ()
    assert report.kb is not None
    assert report.summary["conditions"]["total"] >= 40
    assert report.summary["findings"]["total"] >= 150
    assert report.summary["numbers"]["total"] == sum(
        v for k, v in report.summary["numbers"].items() if k != "total"
    )


def test_every_required_condition_is_present(kb: KnowledgeBase) -> None:
    assert set(kb.conditions) >= REQUIRED_CONDITIONS


def test_every_number_has_a_source_or_an_estimate(kb: KnowledgeBase) -> None:
    for cond in kb.conditions.values():
        for num in [*cond.findings.values(), *cond.risk.values()]:
            assert (num.source is None) != (num.estimate is None), cond.id
            assert 0 < num.p < 1
    for finding in kb.findings.values():
        bg = finding.background
        assert (bg.source is None) != (bg.estimate is None), finding.id


def test_every_condition_is_reachable_by_five_findings(kb: KnowledgeBase) -> None:
    assert min(len(c.findings) for c in kb.conditions.values()) >= 5


def test_every_finding_has_question_help_and_synonyms_where_asked(kb: KnowledgeBase) -> None:
    for finding in kb.findings.values():
        assert finding.question.endswith("?"), finding.id
        assert finding.help
        if finding.ask:
            assert finding.synonyms, f"{finding.id} has no synonyms for text matching"


def test_load_kb_raises_with_every_problem(kb_copy: Path) -> None:
    (kb_copy / "red_flags.yaml").unlink()
    with pytest.raises(KBError) as info:
        load_kb(kb_copy)
    assert info.value.problems == ["red_flags.yaml: missing"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_probability_out_of_range_names_file_entry_and_field(kb_copy: Path) -> None:
    _edit(kb_copy / "conditions" / "muscle_strain.yaml", "fever: {p: 0.01,", "fever: {p: 1.5,")
    report = check_kb(kb_copy)
    assert report.problems == (
        "conditions/muscle_strain.yaml: condition 'muscle_strain': findings.fever.p: "
        "Input should be less than 1",
    )


def test_unknown_field_is_refused(kb_copy: Path) -> None:
    _edit(
        kb_copy / "conditions" / "muscle_strain.yaml", "rarity: common", "rarity: common\nrarty: x"
    )
    report = check_kb(kb_copy)
    assert report.problems == (
        "conditions/muscle_strain.yaml: condition 'muscle_strain': rarty: "
        "Extra inputs are not permitted",
    )


def test_duplicate_yaml_key_is_refused(kb_copy: Path) -> None:
    path = kb_copy / "conditions" / "muscle_strain.yaml"
    _edit(path, "  fever: {p: 0.01,", "  fever: {p: 0.2, estimate: x}\n  fever: {p: 0.01,")
    report = check_kb(kb_copy)
    assert len(report.problems) == 1
    assert report.problems[0].startswith("conditions/muscle_strain.yaml: not valid YAML: ")
    assert "duplicate key 'fever'" in report.problems[0]


def test_number_without_provenance_is_refused(kb_copy: Path) -> None:
    path = kb_copy / "conditions" / "muscle_strain.yaml"
    _edit(path, 'fever: {p: 0.01, estimate: "Strain does not cause fever."}', "fever: {p: 0.01}")
    report = check_kb(kb_copy)
    assert report.problems == (
        "conditions/muscle_strain.yaml: condition 'muscle_strain': findings.fever: "
        "Value error, needs a `source` (a source id) or an `estimate` (a one-line reason)",
    )


def test_unresolved_references_are_reported(kb_copy: Path) -> None:
    path = kb_copy / "conditions" / "muscle_strain.yaml"
    _edit(path, "  fever: {p: 0.01,", "  feverr: {p: 0.01,")
    _edit(path, "sources: [cleveland,", "sources: [nowhere, cleveland,")
    report = check_kb(kb_copy)
    assert report.problems == (
        "conditions/muscle_strain.yaml: condition 'muscle_strain': findings.feverr: "
        "no such finding",
        "conditions/muscle_strain.yaml: condition 'muscle_strain': sources: "
        "no such source 'nowhere'",
    )


def test_always_finding_must_be_likely(kb_copy: Path) -> None:
    _edit(kb_copy / "conditions" / "muscle_strain.yaml", "always: []", "always: [fever]")
    report = check_kb(kb_copy)
    assert report.problems == (
        "conditions/muscle_strain.yaml: condition 'muscle_strain': always.fever: "
        "p is 0.01, must be >= 0.9",
    )


def test_rule_with_unknown_finding_is_reported(kb_copy: Path) -> None:
    _edit(kb_copy / "red_flags.yaml", "when: tearing_pain", "when: tearing_pian")
    report = check_kb(kb_copy)
    assert report.problems == (
        "red_flags.yaml: rule 'tearing_pain': when: no such finding 'tearing_pian'",
    )


def test_cli_check_prints_summary_and_fails_on_problems(kb_copy: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["kb", "check"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("Knowledge base OK (version ")
    assert "conditions" in ok.stdout
    assert "red flags" in ok.stdout
    _edit(kb_copy / "settings.yaml", "budget: 25", "budget: -1")
    bad = runner.invoke(app, ["kb", "check", "--path", str(kb_copy)])
    assert bad.exit_code == 1
    assert (
        "settings.yaml: settings: interview.budget: Input should be greater than or equal to 1"
        in (bad.stderr)
    )


def test_generated_conditions_table_is_up_to_date(kb: KnowledgeBase) -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "conditions.md"
    assert doc.read_text(encoding="utf-8") == conditions_table(kb), (
        "docs/conditions.md is stale: run `backcheck kb docs`"
    )
