"""Server-rendered pages (Jinja2) and static assets; every asset ships with the package."""

from __future__ import annotations

import html
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

__all__ = ["install", "render_error"]

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


def install(app: FastAPI) -> None:
    """Add the pages and the static files to the app."""
    static = resources.files("backcheck.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        return _HOME


def render_error(request: Request, status: int, code: str, message: str) -> Response:
    """A friendly error page (never a traceback)."""
    del request
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Sorry</title></head>"
        f"<body><main><h1>Sorry</h1><p>{html.escape(message)}</p>"
        "<p><a href='/'>Back to the start</a></p></main></body></html>"
    )
    return HTMLResponse(body, status_code=status, headers={"X-Error-Code": code})
