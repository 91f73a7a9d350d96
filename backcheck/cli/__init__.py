"""The `backcheck` command line (Typer).

Each command lives in a module of its own. `main()` imports only the module of the command
being run (`backcheck serve` then starts in about a tenth of a second instead of most of a
second, before its workers import the app); `app`, the whole command line, is built when first
read (help, tests).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable

import typer

__all__ = ["COMMANDS", "app", "build_app", "main"]

#: Every top-level command, and the module (in this package) that adds it.
COMMANDS: dict[str, str] = {
    "kb": "kb",
    "editors": "editors",
    "diary": "diary",
    "serve": "serve",
    "interview": "interview",
    "assess": "assess",
    "eval": "evaluate",
    "db": "data",
    "stats": "data",
    "demo-data": "data",
}
#: Modules whose commands are a group of their own (their `app`), named as the module.
_GROUPS = frozenset({"kb", "editors", "diary"})

_HELP = (
    "backcheck: a symptom checker and triage assistant for upper and mid back pain. "
    "It is not a diagnosis; in an emergency call emergency services."
)


def build_app(modules: Iterable[str] | None = None) -> typer.Typer:
    """The command line with the commands of `modules` (default: every command).

    >>> sorted(c.name for c in build_app(["serve"]).registered_commands)
    ['serve']
    """
    wanted = list(dict.fromkeys(COMMANDS.values() if modules is None else modules))
    cli = typer.Typer(
        name="backcheck",
        help=_HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    # A callback keeps the commands as subcommands even when only one is built.
    cli.callback()(_root)
    for module in wanted:
        loaded = importlib.import_module(f"{__name__}.{module}")
        if module in _GROUPS:
            cli.add_typer(loaded.app, name=module)
        else:
            loaded.register(cli)
    return cli


def _root() -> None:
    """Nothing to do before a command (its help is the Typer app's)."""


def __getattr__(name: str) -> typer.Typer:
    """`app`, the whole command line, built at first use."""
    if name == "app":
        whole = build_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run the command line, importing only the command asked for when one is named."""
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    cli = build_app([COMMANDS[name]]) if name in COMMANDS else build_app()
    cli()
