"""`backcheck kb ...`: check the knowledge base and generate its reference docs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from backcheck.knowledge import check_kb, load_kb
from backcheck.knowledge.diary import check_diary, read_diary
from backcheck.knowledge.docs import conditions_table

__all__ = ["app"]

app = typer.Typer(help="Check and document the knowledge base.", no_args_is_help=True)


@app.command("check")
def check(
    path: Annotated[
        Path | None,
        typer.Option(help="A knowledge-base folder to check instead of the shipped one."),
    ] = None,
) -> None:
    """Validate the whole knowledge base and print a summary; exit 1 on any problem."""
    report = check_kb(path)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    diary, problems = read_diary(path)
    if diary is not None and report.kb is not None:
        problems += check_diary(report.kb, diary)
    problems = [*report.problems, *problems]
    if problems:
        typer.echo(f"The knowledge base has {len(problems)} problem(s):", err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(1)
    assert report.kb is not None
    typer.echo(f"Knowledge base OK (version {report.kb.version})")
    for kind, counts in report.summary.items():
        total = counts.get("total", sum(counts.values()))
        parts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items() if k != "total")
        typer.echo(f"  {kind.replace('_', ' '):<11} {total:>4}  ({parts})")
    assert diary is not None
    kinds = ", ".join(rule.kind.replace("_", " ") for rule in diary.rules)
    typer.echo(f"  {'diary rules':<11} {len(diary.rules):>4}  ({kinds})")


@app.command("docs")
def docs(
    output: Annotated[
        Path, typer.Option(help="Where to write the generated conditions table.")
    ] = Path("docs/conditions.md"),
) -> None:
    """Write the generated table of conditions and sources (docs/conditions.md)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(conditions_table(load_kb()), encoding="utf-8")
    typer.echo(f"wrote {output}")
