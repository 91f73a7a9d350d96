"""`backcheck interview`: the whole quiz in a terminal, keyboard only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import typer

from backcheck.cli.render import WIDTH, render_emergency, render_report, wrap
from backcheck.engine import Answer, Engine, EvidenceItem, Patient, Question
from backcheck.engine.types import Sex
from backcheck.interview import Interview, Screen
from backcheck.language import TextError, TextParser
from backcheck.service.report import build_report, evidence_phrase

__all__ = ["QuitRequestedError", "TerminalInterview", "register"]

Read = Callable[[str], str]
Write = Callable[[str], None]

_KEYS = "(h)elp  (b)ack  (q)uit"


class QuitRequestedError(Exception):
    """The person asked to stop."""


class _BackRequestedError(Exception):
    """The person asked to go back one question."""


@dataclass
class TerminalInterview:
    """The terminal's screens over the interview state machine.

    It reads and writes through the given functions, so tests can drive it.
    """

    engine: Engine
    read: Read
    write: Write
    parser: Callable[[], TextParser] | None = None
    local: str = "911"

    def describe(self) -> tuple[list[EvidenceItem], set[str]]:
        """Offer to read the pain in the person's own words; show what was understood.

        Returns what was understood and the ids the person removed as wrong.
        """
        if self.parser is None:
            return [], set()
        self.write("")
        self.write(wrap("In your own words (optional): describe the pain, for example where it is, "
                        "how it started, what makes it worse. Press Enter to skip."))  # fmt: skip
        parser = self.parser()
        while True:
            text = self.ask("> ")
            if not text:
                return [], set()
            try:
                parsed = parser.parse(text)
            except TextError as exc:
                self.write(wrap(str(exc)))
                continue
            break
        for warning in parsed.warnings:
            self.write(wrap("Note: " + warning))
        findings = self.engine.kb.findings
        items = [
            EvidenceItem(fid, findings[fid].name, state, "text")
            for fid, state in parsed.evidence().items()
        ]
        if not items:
            self.write("Nothing specific was understood; the questions will cover it.")
            return [], set()
        self.write("Understood:")
        for n, item in enumerate(items, start=1):
            self.write(f"  {n}. {evidence_phrase(findings[item.id], item.state)}")
        while True:
            text = self.ask(
                "Type numbers to remove any that are wrong, or press Enter to keep all. "
            )
            parts = text.replace(",", " ").split()
            if all(p.isdigit() and 1 <= int(p) <= len(items) for p in parts):
                return items, {items[int(p) - 1].id for p in parts}
            self.write(f"Please type numbers from 1 to {len(items)}, or press Enter.")

    # ----- small helpers -----

    def ask(self, prompt: str) -> str:
        """Read one line; 'q' quits anywhere."""
        try:
            text = self.read(prompt).strip()
        except EOFError as exc:
            raise QuitRequestedError from exc
        if text.lower() in ("q", "quit", "exit"):
            raise QuitRequestedError
        return text

    def patient(self) -> Patient:
        """Ask age and sex (pregnancy, where it can apply, is the first question)."""
        age: int | None = None
        while True:
            text = self.ask("How old are you? (years, or press Enter to skip) ")
            if not text:
                break
            if text.isdigit() and 1 <= int(text) <= 120:
                age = int(text)
                break
            self.write("Please type your age as a whole number between 1 and 120.")
        sex: Sex | None = None
        while True:
            text = self.ask("Sex assigned at birth: (f)emale or (m)ale? (Enter to skip) ").lower()
            if text in ("", "f", "female", "m", "male"):
                sex = "female" if text.startswith("f") else "male" if text else None
                break
            self.write("Please type f, m, or press Enter to skip.")
        return Patient(age=age, sex=sex)

    # ----- one question -----

    def _options_prompt(self, question: Question) -> str:
        lines = [f"  {n}. {opt.label}" for n, opt in enumerate(question.options, start=1)]
        if question.select == "many":
            zero = question.none_label or "None of these"
            lines.append(f"  0. {zero}")
            lines.append(
                f"Type the numbers that apply (e.g. 1 3), 0 for none, d = don't know. {_KEYS}"
            )
        else:
            lines.append(f"Type one number, or d = don't know. {_KEYS}")
        return "\n".join(lines)

    def _parse_group(self, question: Question, text: str) -> Answer | None:
        lowered = text.lower()
        if lowered in ("d", "dk", "don't know", "dont know", "?d"):
            return Answer(question.id, "unknown")
        parts = text.replace(",", " ").split()
        if not parts or not all(p.isdigit() for p in parts):
            return None
        numbers = sorted({int(p) for p in parts})
        if question.select == "many" and numbers == [0]:
            return Answer(question.id, ())
        if any(n < 1 or n > len(question.options) for n in numbers):
            return None
        chosen = tuple(question.options[n - 1].id for n in numbers)
        if question.select == "one":
            return Answer(question.id, chosen[0]) if len(chosen) == 1 else None
        return Answer(question.id, chosen)

    def answer(self, question: Question, number: int, progress: float) -> Answer:
        """Ask one question until it gets a valid answer (or the person goes back or quits)."""
        filled = round(progress * 20)
        self.write("")
        self.write(f"[{'#' * filled}{'-' * (20 - filled)}] Question {number}")
        self.write(wrap(question.text))
        if question.kind == "group":
            self.write(self._options_prompt(question))
            prompt = "> "
        else:
            prompt = f"(y)es  (n)o  (d)on't know  {_KEYS}\n> "
        while True:
            text = self.ask(prompt)
            lowered = text.lower()
            if lowered in ("h", "help", "?"):
                self.write(wrap("What this means: " + question.help, "  "))
                if question.why:
                    self.write(wrap("Why we ask: " + question.why, "  "))
                continue
            if lowered in ("b", "back"):
                raise _BackRequestedError
            if question.kind == "finding":
                value = {"y": "yes", "yes": "yes", "n": "no", "no": "no"}.get(lowered)
                if lowered in ("d", "dk", "don't know", "dont know", "not sure"):
                    value = "unknown"
                if value is not None:
                    return Answer(question.id, value)
                self.write("Please type y, n or d (or h for help, b to go back).")
                continue
            parsed = self._parse_group(question, text)
            if parsed is not None:
                return parsed
            self.write("Please type the number(s) shown, or d if you don't know.")

    # ----- the whole interview -----

    def _emergency(self, screen: Screen) -> None:
        report = build_report(self.engine, screen.assessment)
        triage = report.triage
        self.write("")
        self.write("!" * WIDTH)
        self.write(wrap(f"{triage.label.upper()}: {triage.headline}"))
        self.write(wrap(triage.advice))
        for reason in report.reasons:
            self.write(wrap(reason.text, "  - "))
        self.write("!" * WIDTH)
        self.ask("Press Enter to answer the remaining questions, or q to stop. ")

    def _children(self) -> str:
        children = self.engine.kb.settings.children
        lines = ["", wrap(children.message), "", "Get help now if there is:"]
        lines += [wrap(item, "  - ") for item in children.emergency]
        lines += ["", "See a doctor in the next few days if:"]
        lines += [wrap(item, "  - ") for item in children.see_doctor]
        lines += ["", "Whom to see:"]
        lines += [wrap(item, "  - ") for item in children.whom]
        text = "\n".join(lines)
        self.write(text)
        return text

    def run(self) -> str:
        """Run to the end; return the final report text (also written)."""
        self.write("=" * WIDTH)
        self.write("backcheck - upper and mid back pain checker")
        self.write(wrap(self.engine.kb.settings.disclaimer))
        self.write("")
        self.write(render_emergency(tuple(self.engine.kb.settings.emergency_signs), self.local))
        self.write("=" * WIDTH)
        machine = Interview(self.engine)
        turn = machine.start(self.patient())
        while True:
            screen = turn.screen
            if screen.kind == "under_18":
                return self._children()
            if screen.kind == "results":
                break
            if screen.kind == "emergency":
                self._emergency(screen)
                turn = machine.acknowledge(turn.state)
                continue
            if screen.kind == "describe":
                items, wrong = self.describe()
                turn = machine.describe(turn.state, [i for i in items if i.id not in wrong])
                continue
            assert screen.question is not None
            try:
                answer = self.answer(screen.question, screen.step + 1, screen.progress)
            except _BackRequestedError:
                if not turn.state.answers:
                    self.write("This is the first question.")
                turn = machine.back(turn.state)
                continue
            turn = machine.answer(turn.state, answer.question_id, answer.value)
        report = build_report(self.engine, turn.screen.assessment, turn.state.patient)
        text = render_report(report, self.local)
        self.write("")
        self.write(text)
        return text


def register(app: typer.Typer) -> None:
    """Add the `interview` command."""

    @app.command("interview")
    def interview() -> None:
        """Answer the symptom-checker questions in the terminal and get a triage."""
        from backcheck.config import Config
        from backcheck.knowledge import load_kb

        local = Config.from_env().emergency_number
        engine = Engine(load_kb())
        session = TerminalInterview(
            engine,
            read=input,
            write=typer.echo,
            parser=lambda: TextParser(engine.kb),
            local=local,
        )
        try:
            session.run()
        except (QuitRequestedError, KeyboardInterrupt):
            typer.echo("")
            typer.echo("Stopped. If your symptoms worry you, see a doctor.")
            typer.echo(render_emergency(tuple(engine.kb.settings.emergency_signs), local))
            raise typer.Exit(0) from None
