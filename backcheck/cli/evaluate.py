"""`backcheck eval`: score the development vignettes (assess and simulated interview)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from backcheck.engine import Engine
from backcheck.evaluation import Metrics, sample_cases, simulate
from backcheck.evaluation.calibration import calibration, format_calibration
from backcheck.evaluation.vignettes import VignetteError, evaluate_vignettes, load_vignettes
from backcheck.knowledge import load_kb
from backcheck.language import TextParser

__all__ = ["PATIENTS", "format_metrics", "register"]

#: The simulated patients, in words.
PATIENTS = {
    "dont_know": 'patient says "don\'t know" to what the case does not state',
    "closed_world": 'patient says "no" to what the case does not state',
}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def format_metrics(title: str, m: Metrics, questions: bool) -> list[str]:
    """Metrics as lines of text."""
    lines = [
        f"{title} ({m.cases} vignettes)",
        f"  top-1 {_pct(m.top1)}   top-3 {_pct(m.top3)}   triage exact {_pct(m.triage_exact)}",
        f"  under-triage {_pct(m.under_triage)}   over-triage {_pct(m.over_triage)}   "
        f"emergency sensitivity {_pct(m.emergency_sensitivity)} "
        f"({m.emergency_cases - m.emergency_under_triaged}/{m.emergency_cases})",
    ]
    if questions:
        lines.append(
            f"  questions asked: median {m.questions_median:.0f}, p90 {m.questions_p90:.0f}, "
            f"mean {m.questions_mean:.1f}"
        )
    if m.under_triaged:
        lines.append(f"  under-triaged: {', '.join(m.under_triaged)}")
    return lines


def register(app: typer.Typer) -> None:
    """Add the `eval` command."""

    @app.command("eval")
    def evaluate(
        path: Annotated[Path, typer.Argument(help="A folder of vignette .yaml files (or one).")],
        more: Annotated[
            list[Path] | None, typer.Argument(help="More vignette folders (with --calibration).")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
        interview: Annotated[bool, typer.Option(help="Also run the simulated interview.")] = True,
        show_calibration: Annotated[
            bool,
            typer.Option(
                "--calibration",
                help="Print the Brier score, log loss and a reliability table instead.",
            ),
        ] = False,
        patients: Annotated[
            int, typer.Option(help="Sampled patients for --calibration (0: none).")
        ] = 500,
    ) -> None:
        """Run vignettes through `assess` and the simulated interview; print the scores."""
        engine = Engine(load_kb())
        folders = [path, *(more or [])]
        try:
            sets = [(p, load_vignettes(p, engine)) for p in folders]
        except VignetteError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        if show_calibration:
            parser = TextParser(engine.kb)
            out: list[str] = []
            if patients > 0:
                runs = [simulate(engine, c) for c in sample_cases(engine, patients, seed=0)]
                out += [
                    *format_calibration("Sampled patients, interview (seed 0)", calibration(runs)),
                    "",
                ]
            for folder, vs in sets:
                report = evaluate_vignettes(engine, parser, vs, interview)
                out += [
                    *format_calibration(f"{folder}, text only", calibration(report.assess_results)),
                    "",
                ]
                for replies, runs_ in report.interview_results.items():
                    out += [
                        *format_calibration(
                            f"{folder}, interview, {PATIENTS[replies]}", calibration(runs_)
                        ),
                        "",
                    ]
            typer.echo("\n".join(out).rstrip())
            return
        vignettes = sets[0][1]
        report = evaluate_vignettes(engine, TextParser(engine.kb), vignettes, interview)
        if as_json:
            payload: dict[str, Any] = {
                "vignettes": report.vignettes,
                "scope_correct": report.scope_correct,
                "children": list(report.children),
                "assess": asdict(report.assess),
                "interview": {k: asdict(m) for k, m in report.interviews.items()},
                "results": {
                    "assess": [asdict(r) | {"rank": r.rank} for r in report.assess_results],
                    "interview": {
                        k: [asdict(r) | {"rank": r.rank} for r in runs]
                        for k, runs in report.interview_results.items()
                    },
                },
            }
            typer.echo(json.dumps(payload, indent=2, default=str))
            return
        lines = format_metrics("Text only (backcheck assess)", report.assess, questions=False)
        lines.append(f"  scope correct {report.scope_correct}/{report.vignettes}")
        if report.children and report.interviews:
            lines += [
                "",
                f"{len(report.children)} vignettes are about someone under 18: the quiz shows "
                "them the children's page, so they are not scored below.",
            ]
        for replies, metrics in report.interviews.items():
            lines += [
                "",
                *format_metrics(f"Simulated interview, {PATIENTS[replies]}", metrics, True),
            ]
        lines += ["", f"{'condition':32} {'n':>3} {'top1':>6} {'top3':>6} {'triage':>7}"]
        shown = report.interviews.get("closed_world", report.assess)
        for row in shown.per_condition:
            lines.append(
                f"{row.condition:32} {row.cases:>3} {row.top1:>6.0%} {row.top3:>6.0%} "
                f"{row.triage_exact:>7.0%}"
            )
        typer.echo("\n".join(lines))
