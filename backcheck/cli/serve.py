"""`backcheck serve`: run the web app and the HTTP API."""

from __future__ import annotations

from typing import Annotated, Any

import typer

#: JSON lines on standard error; no access line of uvicorn's (it holds addresses and paths);
#: the app logs its own, by route template (`backcheck.access`).
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "backcheck.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        "backcheck": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

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
        import tempfile

        import uvicorn

        workers = workers or os.cpu_count() or 1

        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        typer.echo(f"backcheck is starting at http://{shown}:{port}/  (press Ctrl+C to stop)")
        if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            # /metrics then adds up every worker's counts.
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="backcheck-metrics-")
        uvicorn.run(
            "backcheck.app:worker_app" if workers > 1 else "backcheck.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=LOG_CONFIG,
            access_log=False,
            proxy_headers=False,
        )
