"""Drive `backcheck interview` in a pseudo-terminal, as a person at a keyboard would."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

import pexpect
import pytest

from backcheck.cli.interview import QuitRequestedError, TerminalInterview
from backcheck.engine import Engine
from backcheck.knowledge import KnowledgeBase

pytestmark = pytest.mark.slow

STRAIN_CASE = {
    "present": {
        "loc_between_shoulder_blades",
        "loc_right_shoulder_blade",
        "began_after_lifting",
        "duration_1_to_7_days",
        "onset_hours",
        "severity_moderate",
        "pattern_intermittent",
        "course_improving",
        "worse_movement",
        "feel_aching",
        "feel_tight",
        "better_rest",
        "better_heat_massage",
        "worse_pressing",
        "heavy_manual_work",
    },
}


def spawn() -> pexpect.spawn:
    env = dict(os.environ, COLUMNS="100", PYTHONUNBUFFERED="1")
    return pexpect.spawn(
        sys.executable, ["-m", "backcheck", "interview"], encoding="utf-8", timeout=60, env=env
    )


def question_text(before: str) -> str:
    lines = before.replace("\r", "").split("\n")
    start = max(i for i, line in enumerate(lines) if "] Question" in line) + 1
    text: list[str] = []
    for line in lines[start:]:
        if line.startswith("  1.") or line.startswith("(y)es") or not line.strip():
            break
        text.append(line.strip())
    return " ".join(text)


def questions_by_text(kb: KnowledgeBase) -> Mapping[str, tuple[str, list[str]]]:
    out: dict[str, tuple[str, list[str]]] = {}
    for group in kb.groups.values():
        out[" ".join(group.question.split())] = (group.select, list(group.options))
    for finding in kb.findings.values():
        out.setdefault(" ".join(finding.question.split()), ("yes_no", [finding.id]))
    return out


def reply(kind: str, options: list[str], present: set[str]) -> str:
    if kind == "yes_no":
        return "y" if options[0] in present else "n"
    chosen = [str(n) for n, o in enumerate(options, start=1) if o in present]
    if kind == "one":
        return chosen[0] if chosen else "d"
    return " ".join(chosen) or "0"


def run_case(
    kb: KnowledgeBase, present: set[str], age: str, sex: str, description: str = ""
) -> tuple[str, list[str]]:
    child = spawn()
    child.expect("How old are you")
    child.sendline(age)
    child.expect("Sex assigned at birth")
    child.sendline(sex)
    known = questions_by_text(kb)
    transcript: list[str] = []
    asked: list[str] = []
    while True:
        index = child.expect(
            ["In your own words", r"\n> ", "URGENCY:", "Press Enter to answer the remaining"]
        )
        transcript.append(child.before)
        if index == 0:
            child.expect(r"\n> ")
            child.sendline(description)
            if description:
                child.expect("Type numbers to remove")
                transcript.append(child.before)
                child.sendline("")
            continue
        index -= 1
        if index == 1:
            child.expect(pexpect.EOF)
            transcript.append("URGENCY:" + child.before)
            break
        if index == 2:
            child.sendline("")
            continue
        text = question_text(child.before)
        assert text in known, f"unrecognised question: {text!r}"
        kind, options = known[text]
        asked.append(text)
        child.sendline(reply(kind, options, present))
    child.close()
    assert child.exitstatus == 0
    return "".join(transcript), asked


def test_self_care_case_to_results(kb: KnowledgeBase) -> None:
    output, asked = run_case(
        kb, STRAIN_CASE["present"], "34", "m", "ache after lifting boxes, no numbness, no fever"
    )
    understood = output[output.index("Understood:") :]
    assert "no fever" in understood
    assert "started while lifting" in understood.lower()
    assert asked[0] == " ".join(kb.groups["location"].question.split())
    result = output[output.index("URGENCY:") :]
    assert result.startswith("URGENCY: CARE FOR IT AT HOME")
    conditions_at = result.index("What could be causing it")
    assert result.index("1. Upper back muscle strain or sprain") > conditions_at
    assert "Suggested by:" in result
    assert "What you can do now:" in result
    assert "See a doctor if:" in result
    assert "Note: backcheck is not a diagnosis" in result
    assert 5 <= len(asked) <= kb.settings.interview.budget


def test_emergency_answer_interrupts_at_once(kb: KnowledgeBase) -> None:
    child = spawn()
    child.expect("How old are you")
    child.sendline("61")
    child.expect("Sex assigned at birth")
    child.sendline("f")
    child.expect(r"\n> ")  # where does it hurt
    child.sendline("1")
    child.expect("In your own words")
    child.expect(r"\n> ")
    child.sendline("")
    child.expect("Together with the back pain")
    child.expect(r"\n> ")
    child.sendline("1 4")  # chest pain, sweating
    child.expect("Press Enter to answer the remaining questions")
    banner = child.before
    assert "CALL EMERGENCY SERVICES NOW" in banner
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert "Stopped." in child.before
    child.close()
    assert child.exitstatus == 0


def test_help_back_and_invalid_input(kb: KnowledgeBase) -> None:
    child = spawn()
    child.expect("How old are you")
    child.sendline("two hundred")
    child.expect("Please type your age as a whole number between 1 and 120.")
    child.sendline("45")
    child.expect("Sex assigned at birth")
    child.sendline("m")
    child.expect(r"\] Question 1")
    child.expect(r"\n> ")
    child.sendline("h")
    child.expect("What this means:")
    child.expect(r"\n> ")
    child.sendline("42")
    child.expect("Please type the number")
    child.sendline("3")
    child.expect("In your own words")
    child.expect(r"\n> ")
    child.sendline("")
    child.expect(r"\] Question 2")
    child.expect(r"\n> ")
    child.sendline("b")
    child.expect(r"\] Question 1")
    child.expect(r"\n> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert re.search(r"Call emergency services now", child.before)
    child.close()
    assert child.exitstatus == 0


def scripted(engine: Engine, replies: list[str]) -> tuple[TerminalInterview, list[str]]:
    """A terminal interview in this process, reading the given replies in turn."""
    written: list[str] = []
    pending = iter(replies)

    def read(prompt: str) -> str:
        written.append(prompt)
        return next(pending)

    return TerminalInterview(engine, read=read, write=written.append, local="999"), written


def test_under_18_get_the_children_page_in_the_terminal(engine: Engine) -> None:
    session, written = scripted(engine, ["9", "f"])
    text = session.run()
    assert "backcheck is made for adults" in text
    assert "Whom to see:" in text
    assert "What you can do now" not in "\n".join(written)
    assert any(line.startswith("Call emergency services now (999; elsewhere 911, 112)")
               for line in written)  # fmt: skip


def test_the_terminal_asks_pregnancy_only_where_it_can_apply(engine: Engine) -> None:
    for age, sex, first in (("30", "f", "Are you pregnant?"), ("70", "f", "Where does it hurt?")):
        session, written = scripted(engine, [age, sex, "q"])
        with pytest.raises(QuitRequestedError):
            session.run()
        asked = next(line for line in written if "] Question 1" in line)
        assert written[written.index(asked) + 1].startswith(first), (age, sex)
