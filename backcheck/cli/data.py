"""Database commands: `db upgrade`, `stats`, `demo-data`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from backcheck.config import Config, ConfigError
from backcheck.errors import BackcheckError
from backcheck.service import build_services

if TYPE_CHECKING:  # the storage layer is imported by these commands only when they run
    from backcheck.service import Services

__all__ = ["register"]

db_app = typer.Typer(help="Database commands.", no_args_is_help=True)


def _services(migrate: bool = True) -> Services:
    try:
        config = Config.from_env()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if not migrate:
        config = config.model_copy(update={"migrate_on_start": False})
    return build_services(config)


@db_app.command("upgrade")
def upgrade() -> None:
    """Create the database or bring it to the newest schema (SQLite or PostgreSQL)."""
    services = _services(migrate=False)
    revision = services.upgrade_database()
    typer.echo(f"database at revision {revision}: {services.config.effective_database_url}")


def register(app: typer.Typer) -> None:
    """Add `db`, `stats` and `demo-data`."""
    app.add_typer(db_app, name="db")

    @app.command("stats")
    def stats(
        age_band_: Annotated[str | None, typer.Option("--age-band", help="e.g. age_30_44")] = None,
        sex: Annotated[str | None, typer.Option(help="female or male")] = None,
    ) -> None:
        """Print the symptom-checker statistics (groups under 20 are hidden)."""
        from backcheck.service import StatisticsService

        services = _services()
        try:
            result = StatisticsService(services).get(age_band_, sex)
        except BackcheckError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(2) from None
        group = ", ".join(x for x in (age_band_, sex) if x) or "everyone"
        typer.echo(f"Statistics for {group}: {result.total} completed assessments")
        if result.demo:
            typer.echo(f"(includes {result.demo} simulated demo assessments)")
        if not result.shown:
            typer.echo(result.message)
            return
        for title, bars in (
            ("People with upper back pain also reported:", result.also_reported),
            ("They were most often matched with:", result.matched),
            ("They had symptoms for:", result.durations),
        ):
            typer.echo("")
            typer.echo(title)
            for bar in bars:
                filled = "#" * round(bar.percent / 4)
                typer.echo(f"  {bar.percent:5.1f}% {filled:<25} {bar.label}")

    @app.command("demo-data")
    def demo_data(
        count: Annotated[int, typer.Argument(min=1, max=100_000, help="How many.")],
        seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    ) -> None:
        """Fill the database with simulated assessments, clearly labelled as demo data."""
        from backcheck.evaluation import interview, sample_cases
        from backcheck.interview import Interview
        from backcheck.service.interviews import age_band_of
        from backcheck.service.records import Finished, store_finished

        services = _services()
        cases = sample_cases(services.engine, count, seed=seed)
        machine = Interview(services.engine)

        def finished() -> Iterator[Finished]:
            for case in cases:
                assessment, shown = interview(services.engine, case, machine=machine)
                yield Finished(
                    assessment=assessment,
                    age_band=age_band_of(case.age),
                    sex=case.sex,
                    questions=len(shown),
                    channel="demo",
                    is_demo=True,
                )

        stored = store_finished(services, finished())
        typer.echo(f"added {stored} simulated demo assessments (labelled as demo data)")
