"""The pain diary's rules in kb/diary.yaml: shipped file valid, broken copies refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from backcheck.cli import app
from backcheck.knowledge import KBError, KnowledgeBase
from backcheck.knowledge.diary import (
    DIARY_FILE,
    RULE_KINDS,
    check_diary,
    load_diary,
    read_diary,
)
from tests.support.kb_files import copy_kb, edit


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    return copy_kb(tmp_path)


def _problems(kb: KnowledgeBase, root: Path) -> list[str]:
    diary, problems = read_diary(root)
    return problems if diary is None else check_diary(kb, diary)


def test_shipped_diary_has_one_rule_of_each_kind_with_cited_numbers(kb: KnowledgeBase) -> None:
    diary = load_diary(kb)
    assert [rule.kind for rule in diary.rules] == list(RULE_KINDS)
    levels = {rule.kind: rule.level for rule in diary.rules}
    assert levels == {
        "warning_sign": "emergency", "worsening": "consultation_24", "night_pain": "consultation",
        "not_better": "consultation", "persisting": "consultation", "improving": "self_care",
    }  # fmt: skip
    numbers = {where: (t.value, t.source) for where, t in diary.thresholds() if "rule" in where}
    assert numbers == {
        "rule 'getting_worse': rise": (2, None),
        "rule 'night_pain': nights": (3, "k_health"),
        "rule 'night_pain': within_days": (7, None),
        "rule 'not_better_after_a_week': days": (7, "cleveland"),
        "rule 'not_better_after_a_week': drop": (0.3, None),
        "rule 'lasting_beyond_four_weeks': days": (28, "k_health"),
        "rule 'steady_improvement': entries": (3, None),
    }
    seeds = {s.id for s in kb.sources.values() if s.kind == "seed"}
    assert all(set(rule.sources) & seeds for rule in diary.rules)
    assert set(diary.duration_days) == set(kb.groups["duration"].options)


def test_a_threshold_without_provenance_is_refused(kb: KnowledgeBase, kb_copy: Path) -> None:
    edit(
        kb_copy / DIARY_FILE,
        "      estimate: About the smallest rise on a 0 to 10 scale that people feel as a real "
        "change; a one-point change is within day-to-day variation.\n",
        "",
    )
    assert _problems(kb, kb_copy) == [
        "diary.yaml: rules.1.worsening.rise: Value error, needs exactly one of `source` "
        "(a source id) or `estimate` (a reason)"
    ]


def test_unknown_fields_and_kinds_are_refused(kb: KnowledgeBase, kb_copy: Path) -> None:
    edit(kb_copy / DIARY_FILE, "kind: persisting", "kind: persisting\n    colour: red")
    edit(kb_copy / DIARY_FILE, "kind: improving", "kind: improvin")
    problems = _problems(kb, kb_copy)
    assert problems[0] == "diary.yaml: rules.4.persisting.colour: Extra inputs are not permitted"
    assert problems[1].startswith("diary.yaml: rules.5: Input tag 'improvin' found using 'kind'")
    assert len(problems) == 2


def test_cross_references_are_checked(kb: KnowledgeBase, kb_copy: Path) -> None:
    edit(kb_copy / DIARY_FILE, "  - coughing_blood\n", "  - coughing_blood\n  - arm_numbness\n")
    edit(kb_copy / DIARY_FILE, "  - major_trauma\n", "  - major_truama\n")
    edit(kb_copy / DIARY_FILE, "sources: [k_health]\n\n  - id: not_better", "sources: [kent2014]"
          "\n\n  - id: not_better")  # fmt: skip
    edit(kb_copy / DIARY_FILE, "      source: cleveland\n", "      source: clevland\n")
    edit(kb_copy / DIARY_FILE, "level: emergency\n", "level: consultation_24\n")
    assert _problems(kb, kb_copy) == [
        "diary.yaml: rule 'not_better_after_a_week': days: no such source 'clevland'",
        "diary.yaml: rule 'new_warning_sign': level: a warning sign needs emergency care",
        "diary.yaml: rule 'night_pain': sources: cite at least one seed",
        "diary.yaml: warning_signs: 'arm_numbness' is named by no red-flag rule at emergency level",
        "diary.yaml: warning_signs: no such finding 'major_truama'",
    ]


def test_each_kind_is_needed_once(kb: KnowledgeBase, kb_copy: Path) -> None:
    edit(kb_copy / DIARY_FILE, "kind: persisting", "kind: not_better\n    drop: {value: 0.5, "
          "estimate: a test}")  # fmt: skip
    assert _problems(kb, kb_copy) == [
        "diary.yaml: rules: needs exactly one rule of kind 'not_better'",
        "diary.yaml: rules: needs exactly one rule of kind 'persisting'",
    ]
    (kb_copy / DIARY_FILE).unlink()
    with pytest.raises(KBError) as info:
        load_diary(kb, kb_copy)
    assert info.value.problems == ["diary.yaml: missing"]


def test_kb_check_reports_the_diary(kb_copy: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["kb", "check", "--path", str(kb_copy)])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.splitlines()[-1] == (
        "  diary rules    6  (warning sign, worsening, night pain, not better, persisting, "
        "improving)"
    )
    edit(kb_copy / DIARY_FILE, "  - fainting\n", "  - fainted\n")
    bad = runner.invoke(app, ["kb", "check", "--path", str(kb_copy)])
    assert bad.exit_code == 1
    assert "  - diary.yaml: warning_signs: no such finding 'fainted'" in bad.stderr
