"""The application factory: builds the web app and API from settings (nothing at import)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from backcheck import __version__

__all__ = ["create_app"]

_HOME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>backcheck</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>backcheck</h1>
<p>backcheck is a symptom checker and triage assistant for upper and mid back pain.</p>
<p><strong>This is not a diagnosis.</strong> If you have chest pain, sudden tearing pain,
trouble breathing, new weakness or numbness, or lost control of your bladder or bowels,
call emergency services now.</p>
</main></body></html>
"""


def create_app() -> FastAPI:
    """Create the ASGI application."""
    app = FastAPI(title="backcheck", version=__version__, docs_url=None, redoc_url=None)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        return _HOME

    return app
