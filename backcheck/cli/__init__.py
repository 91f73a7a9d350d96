"""The `backcheck` command line (Typer)."""

from __future__ import annotations

import typer

from backcheck.cli import assess as assess_commands
from backcheck.cli import data as data_commands
from backcheck.cli import diary as diary_commands
from backcheck.cli import editors as editor_commands
from backcheck.cli import evaluate as evaluate_commands
from backcheck.cli import interview as interview_commands
from backcheck.cli import kb as kb_commands
from backcheck.cli import serve as serve_commands

__all__ = ["app", "main"]

app = typer.Typer(
    name="backcheck",
    help="backcheck: a symptom checker and triage assistant for upper and mid back pain. "
    "It is not a diagnosis; in an emergency call emergency services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(kb_commands.app, name="kb")
app.add_typer(editor_commands.app, name="editors")
app.add_typer(diary_commands.app, name="diary")
serve_commands.register(app)
interview_commands.register(app)
assess_commands.register(app)
evaluate_commands.register(app)
data_commands.register(app)


def main() -> None:
    """Run the command line."""
    app()
