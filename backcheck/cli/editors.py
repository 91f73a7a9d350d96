"""Editor accounts from the terminal: `editors add`, `editors list`, `editors unlock`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from backcheck.config import Config, ConfigError
from backcheck.errors import BackcheckError
from backcheck.service import build_services

if TYPE_CHECKING:  # the storage layer is imported only when an editor command runs
    from backcheck.service import EditorService

__all__ = ["app"]

app = typer.Typer(
    help="Editor accounts (editors review stories before they are published).",
    no_args_is_help=True,
)


@contextmanager
def _editors() -> Iterator[EditorService]:
    """The editor use cases on the configured database (closed afterwards)."""
    try:
        config = Config.from_env()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    from backcheck.service import EditorService

    services = build_services(config)
    try:
        yield EditorService(services)
    finally:
        services.db.dispose()


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The user name (3 to 40 letters, digits, . _ -).")],
) -> None:
    """Create an editor account; the password is asked for twice and stored hashed (argon2)."""
    password = typer.prompt(
        "Password (at least 12 characters)", hide_input=True, confirmation_prompt=True
    )
    with _editors() as editors:
        try:
            editor = editors.add(name, password)
        except BackcheckError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"editor '{editor.name}' created; sign in at /editor/login")


@app.command("list")
def list_editors() -> None:
    """Every editor account: created, last sign-in, whether it is locked."""
    with _editors() as editors:
        accounts = editors.accounts()
    if not accounts:
        typer.echo("no editors yet: add one with `backcheck editors add NAME`")
        return
    for account in accounts:
        last = (
            account.last_login_at.strftime("%Y-%m-%d %H:%M") if account.last_login_at else "never"
        )
        locked = f", locked until {account.locked_until:%H:%M} UTC" if account.locked_until else ""
        typer.echo(
            f"{account.name}  created {account.created_at:%Y-%m-%d}, last sign-in {last}{locked}"
        )


@app.command("unlock")
def unlock(name: Annotated[str, typer.Argument(help="The user name.")]) -> None:
    """Lift a lockout after repeated failed sign-ins."""
    with _editors() as editors:
        try:
            editors.unlock(name)
        except BackcheckError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"editor '{name}' can sign in again")
