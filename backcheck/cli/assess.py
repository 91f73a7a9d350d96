"""`backcheck assess`: assess a description of the pain without further questions."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from backcheck.cli.render import render_report, wrap
from backcheck.config import Config
from backcheck.errors import BackcheckError
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextError
from backcheck.service import (
    AssessService,
    TextAssessment,
    build_report,
    build_services,
)
from backcheck.service.report import evidence_phrase, not_covered

__all__ = ["assessment_json", "register"]

#: Longest input read from stdin or --text before refusing (the parser then caps what it reads).
MAX_INPUT_BYTES = 1_000_000


def assessment_json(
    result: TextAssessment, kb_disclaimer: str, kb: KnowledgeBase | None = None
) -> dict[str, Any]:
    """The stable JSON of `backcheck assess --json` (fields may be added, never renamed)."""
    assessment = result.step.assessment
    triage = assessment.triage
    return {
        "scope": assessment.scope,
        "triage": {
            "level": triage.level,
            "label": triage.label,
            "headline": triage.headline,
            "reasons": [r.text for r in triage.reasons],
            "red_flags": [r.id for r in triage.reasons if r.kind == "red_flag"],
        },
        "conditions": [
            {
                "id": c.id,
                "name": c.name,
                "icd10": list(c.icd10),
                "probability": round(c.probability, 6),
                "urgency": c.urgency,
            }
            for c in assessment.conditions
        ],
        "evidence": [
            {"id": e.id, "name": e.name, "state": e.state, "source": e.source, "text": e.text}
            for e in assessment.evidence
        ],
        "patient": {
            "age": result.patient.age,
            "sex": result.patient.sex,
            "pregnant": result.patient.pregnant,
        },
        "not_covered": not_covered(kb, assessment.conditions) if kb is not None else "",
        "warnings": list(result.parsed.warnings),
        "kb_version": assessment.kb_version,
        "disclaimer": kb_disclaimer,
    }


def _read(text: str) -> str:
    if text != "-":
        return text
    raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise TextError(f"The text is over {MAX_INPUT_BYTES} bytes; shorten it.")
    if b"\x00" in raw:
        raise TextError("That looks like a binary file, not a description.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TextError("The text is not valid UTF-8.") from None


def register(app: typer.Typer) -> None:
    """Add the `assess` command."""

    @app.command("assess")
    def assess(
        text: Annotated[
            str, typer.Option("--text", help="The description, or - to read it from stdin.")
        ],
        age: Annotated[
            int | None, typer.Option(min=0, max=120, help="Age in years (overrides the text).")
        ] = None,
        sex: Annotated[
            str | None, typer.Option(help="female or male (overrides the text).")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    ) -> None:
        """Assess a description of the pain: urgency, likely causes and why (not a diagnosis)."""
        if sex is not None and sex not in ("female", "male"):
            typer.echo("error: --sex must be 'female' or 'male'", err=True)
            raise typer.Exit(2)
        services = build_services(Config.from_env(), database=False)
        try:
            result = AssessService(services).assess_text(_read(text), age=age, sex=sex)
        except BackcheckError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(2) from None
        if as_json:
            typer.echo(
                json.dumps(
                    assessment_json(result, services.kb.settings.disclaimer, services.kb), indent=2
                )
            )
            return
        for warning in result.parsed.warnings:
            typer.echo(wrap(f"Note: {warning}"))
        understood = [
            evidence_phrase(services.kb.findings[e.id], e.state)
            for e in result.step.assessment.evidence
            if e.source == "text"
        ]  # fmt: skip
        typer.echo(
            wrap("Understood: " + ("; ".join(understood) if understood else "nothing specific"))
        )
        report = build_report(services.engine, result.step.assessment, result.patient)
        typer.echo(render_report(report))
