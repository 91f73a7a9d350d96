"""`backcheck interview` in this process, read and written as a person at a keyboard would."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from typer.testing import CliRunner

from backcheck.cli import app
from backcheck.cli.interview import QuitRequestedError, TerminalInterview
from backcheck.engine import Engine
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser

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


def question_text(lines: list[str]) -> str:
    """The text of the question written last (after its "] Question N" line)."""
    start = max(i for i, line in enumerate(lines) if "] Question" in line) + 1
    text: list[str] = []
    for line in "\n".join(lines[start:]).split("\n"):
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


@dataclass
class Person:
    """Someone at the keyboard: answers from findings, reading what the terminal wrote."""

    kb: KnowledgeBase
    present: set[str]
    age: str
    sex: str
    description: str = ""
    lines: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def write(self, text: str) -> None:
        self.lines.append(text)

    def read(self, prompt: str) -> str:
        self.lines.append(prompt)
        if prompt.startswith("How old"):
            return self.age
        if prompt.startswith("Sex assigned"):
            return self.sex
        if prompt.startswith("Type numbers to remove") or prompt.startswith("Press Enter"):
            return ""
        if prompt == "> " and any("In your own words" in line for line in self.lines[-3:]):
            return self.description
        text = question_text(self.lines)
        known = questions_by_text(self.kb)
        assert text in known, f"unrecognised question: {text!r}"
        kind, options = known[text]
        self.asked.append(text)
        return reply(kind, options, self.present)


def run_case(
    engine: Engine, parser: TextParser, present: set[str], age: str, sex: str, description: str
) -> tuple[str, list[str]]:
    person = Person(engine.kb, present, age, sex, description)
    session = TerminalInterview(engine, read=person.read, write=person.write, parser=lambda: parser)
    session.run()
    return "\n".join(person.lines), person.asked


def test_self_care_case_to_results(engine: Engine, kb: KnowledgeBase, parser: TextParser) -> None:
    words = "ache after lifting boxes, no numbness, no fever"
    output, asked = run_case(engine, parser, STRAIN_CASE["present"], "34", "m", words)
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


def test_emergency_answer_interrupts_at_once(engine: Engine) -> None:
    replies = iter(["61", "f", "1", "", "1 4", "q"])
    lines: list[str] = []

    def read(prompt: str) -> str:
        lines.append(prompt)
        return next(replies)

    session = TerminalInterview(engine, read=read, write=lines.append)
    with pytest.raises(QuitRequestedError):
        session.run()
    banner = "\n".join(lines[lines.index("!" * 78) :])
    assert "CALL EMERGENCY SERVICES NOW" in banner
    assert lines[-1].startswith("Press Enter to answer the remaining questions")


def test_help_back_and_invalid_input(engine: Engine, parser: TextParser) -> None:
    replies = iter(["two hundred", "45", "m", "h", "42", "3", "", "b", "q"])
    lines: list[str] = []

    def read(prompt: str) -> str:
        lines.append(prompt)
        return next(replies)

    session = TerminalInterview(engine, read=read, write=lines.append, parser=lambda: parser)
    with pytest.raises(QuitRequestedError):
        session.run()
    text = "\n".join(lines)
    assert "Please type your age as a whole number between 1 and 120." in text
    assert "What this means:" in text
    assert "Please type the number" in text
    numbers = [line.split("] ")[1] for line in lines if "] Question" in line]
    assert numbers == ["Question 1", "Question 2", "Question 1"]  # back to the first


def test_the_command_quits_cleanly_with_the_emergency_signs() -> None:
    result = CliRunner().invoke(app, ["interview"], input="q\n")
    assert result.exit_code == 0
    assert "Stopped." in result.output
    assert "Call emergency services now (911" in result.output


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
