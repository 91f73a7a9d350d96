"""`backcheck serve`: run the web app and the HTTP API."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the app."""

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
        workers: Annotated[
            int | None,
            typer.Option(min=1, help="Worker processes (default: one per CPU core)."),
        ] = None,
    ) -> None:
        """Start the web app and the JSON API (SQLite in ./var/ unless configured)."""
        import os

        import uvicorn

        workers = workers or os.cpu_count() or 1

        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        typer.echo(f"backcheck is starting at http://{shown}:{port}/  (press Ctrl+C to stop)")
        uvicorn.run(
            "backcheck.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            proxy_headers=False,
        )
