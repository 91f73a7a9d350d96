"""Every finding's `phrase` reads as plain English when present and when absent.

The style rules are checked on deliberately bad examples too, so that each one can fail.
"""

from __future__ import annotations

import re
import shutil
from itertools import pairwise
from pathlib import Path

import pytest

from backcheck.knowledge import KnowledgeBase, check_kb, default_root, finding_phrase

MAX_LENGTH = 80
#: Words that may start a phrase with a capital letter.
PROPER_NOUNS = {"Achilles", "Crohn's", "Lhermitte's", "Marfan", "Paget's", "Scheuermann's"}
NEGATIONS = {"no", "not", "without"}
#: Verb forms that "no" must never precede ("no came", "no worse", "no getting").
VERB_FORMS = {
    "came", "come", "comes", "coming", "started", "start", "starts", "starting", "built",
    "build", "builds", "building", "worse", "better", "getting", "get", "gets", "got", "is",
    "are", "was", "were", "has", "have", "had", "did", "does", "do", "can", "eases", "eased",
    "easing", "helped", "helps", "wakes", "woke", "woken", "moves", "moved", "spreads", "runs",
    "shoots", "goes", "went", "going", "stops", "stopped", "stopping", "feels", "felt",
    "hurts", "improved", "improving", "changed", "changes",
}  # fmt: skip


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def _starts_well(text: str) -> bool:
    first = text.split()[0].rstrip(",;:")
    if not first[0].isupper():
        return True
    letters = re.sub(r"[^A-Za-z]", "", first)
    return (len(letters) > 1 and letters.isupper()) or first in PROPER_NOUNS


def _double_negative(words: list[str]) -> bool:
    if any(a in {"no", "not"} and b in {"no", "not"} for a, b in pairwise(words)):
        return True
    negations = [w for w in words if w in NEGATIONS]
    return len(negations) > 1 and ("not" in negations or "without" in negations)


def text_problems(text: str) -> list[str]:
    """What is wrong with one phrase (an empty list when it is fine)."""
    if not text.strip():
        return ["empty"]
    words = _words(text)
    problems = []
    if not _starts_well(text):
        problems.append("starts with a capital letter")
    if text.rstrip().endswith("."):
        problems.append("ends with a full stop")
    if len(text) > MAX_LENGTH:
        problems.append(f"longer than {MAX_LENGTH} characters")
    if _double_negative(words):
        problems.append("double negative")
    problems += [
        f"'no' before the verb {b!r}" for a, b in pairwise(words) if a == "no" and b in VERB_FORMS
    ]
    return problems


def style_problems(present: str, absent: str) -> list[str]:
    """What is wrong with a present / absent pair of phrases."""
    problems = [f"present: {p}" for p in text_problems(present)]
    problems += [f"absent: {p}" for p in text_problems(absent)]
    if present.strip().lower() == absent.strip().lower():
        problems.append("absent is the same as present")
    return problems


def test_every_finding_reads_well_in_both_states(kb: KnowledgeBase) -> None:
    found = {
        f.id: style_problems(finding_phrase(f, "present"), finding_phrase(f, "absent"))
        for f in kb.findings.values()
    }
    assert {fid: problems for fid, problems in found.items() if problems} == {}


def test_a_few_phrases_read_as_reviewed(kb: KnowledgeBase) -> None:
    pairs = {
        fid: (
            finding_phrase(kb.findings[fid], "present"),
            finding_phrase(kb.findings[fid], "absent"),
        )
        for fid in ("fever", "loc_upper_spine", "onset_sudden", "duration_1_to_4_weeks")
    }
    assert pairs == {
        "fever": ("a fever", "no fever"),
        "loc_upper_spine": ("pain over the upper spine", "no pain over the upper spine"),
        "onset_sudden": (
            "came on suddenly, at its worst within minutes",
            "did not come on suddenly",
        ),
        "duration_1_to_4_weeks": ("pain for 1 to 4 weeks", "not 1 to 4 weeks of pain"),
    }


def test_unknown_is_the_present_phrase_not_sure(kb: KnowledgeBase) -> None:
    wrong = [
        f.id for f in kb.findings.values()
        if finding_phrase(f, "unknown") != f"{f.phrase.present} (not sure)"
    ]  # fmt: skip
    assert wrong == []


def test_an_unknown_state_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="unknown evidence state 'maybe'"):
        finding_phrase(kb.findings["fever"], "maybe")


@pytest.mark.parametrize(
    ("present", "absent", "expected"),
    [
        ("a fever", "no fever", []),
        ("BMI over 30", "BMI 30 or less", []),
        ("Marfan syndrome", "no Marfan syndrome", []),
        ("a fever, no cough and no chills", "no fever", []),
        ("a fever", "", ["absent: empty"]),
        ("  ", "no fever", ["present: empty"]),
        (
            "no better after a week",
            "no no better after a week",
            [
                "present: 'no' before the verb 'better'",
                "absent: double negative",
                "absent: 'no' before the verb 'better'",
            ],
        ),
        ("worse when you move", "not not worse when you move", ["absent: double negative"]),
        (
            "worse when you breathe in",
            "no not worse when you breathe in",
            [
                "absent: double negative",
            ],
        ),
        (
            "no pain over the upper spine",
            "not no pain over the upper spine",
            [
                "absent: double negative",
            ],
        ),
        (
            "severe pain not easing after home care",
            "not severe pain not easing after home care",
            [
                "absent: double negative",
            ],
        ),
        ("a fever", "no fever without a cough", ["absent: double negative"]),
        (
            "weight loss without trying",
            "not weight loss without trying",
            [
                "absent: double negative",
            ],
        ),
        ("came on suddenly", "no came on suddenly", ["absent: 'no' before the verb 'came'"]),
        (
            "started after lifting",
            "no started after lifting",
            [
                "absent: 'no' before the verb 'started'",
            ],
        ),
        (
            "worse when you cough",
            "no worse when you cough",
            [
                "absent: 'no' before the verb 'worse'",
            ],
        ),
        ("getting better", "no getting better", ["absent: 'no' before the verb 'getting'"]),
        ("a fever", "a fever", ["absent is the same as present"]),
        ("Fever", "no fever", ["present: starts with a capital letter"]),
        ("a fever", "No fever", ["absent: starts with a capital letter"]),
        ("a fever.", "no fever", ["present: ends with a full stop"]),
        ("a fever", "no " + "very " * 20 + "high fever", ["absent: longer than 80 characters"]),
    ],
)
def test_each_style_rule_catches_a_bad_example(
    present: str, absent: str, expected: list[str]
) -> None:
    assert style_problems(present, absent) == expected


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(str(default_root()), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: A finding that one condition uses, so that dropping it gives few follow-on problems.
PAGET_PHRASE = (
    '  phrase: {present: "bowed legs, a growing head size or hearing loss over the years", '
    'absent: "no bowed legs, growing head size or hearing loss"}\n'
)
PAGET_LOST = (
    "groups.yaml: group 'visible_signs': options: no such finding 'bowed_bones_hearing'",
    "conditions/pagets_disease.yaml: condition 'pagets_disease': findings.bowed_bones_hearing: "
    "no such finding",
)


def test_a_finding_without_a_phrase_is_refused(kb_copy: Path) -> None:
    _edit(kb_copy / "findings" / "associated.yaml", PAGET_PHRASE, "")
    assert check_kb(kb_copy).problems == (
        "findings/associated.yaml: 'bowed_bones_hearing': phrase: Field required",
        *PAGET_LOST,
    )


def test_a_phrase_needs_both_states_and_nothing_else(kb_copy: Path) -> None:
    _edit(
        kb_copy / "findings" / "associated.yaml",
        PAGET_PHRASE,
        '  phrase: {present: "bowed legs", absnet: "no bowed legs"}\n',
    )
    assert check_kb(kb_copy).problems == (
        "findings/associated.yaml: 'bowed_bones_hearing': phrase.absent: Field required",
        "findings/associated.yaml: 'bowed_bones_hearing': phrase.absnet: "
        "Extra inputs are not permitted",
        *PAGET_LOST,
    )
