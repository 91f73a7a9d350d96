"""Server-rendered pages (Jinja2) and static assets; every asset ships with the package."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from backcheck.web import diaries, documents, editor, library, pages, quiz, stories

__all__ = ["install", "render_error"]


def install(app: FastAPI) -> None:
    """Add the pages and the static files to the app."""
    static = resources.files("backcheck.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(pages.router)
    app.include_router(quiz.router)
    app.include_router(documents.router)
    app.include_router(diaries.router)
    app.include_router(library.router)
    app.include_router(stories.router)
    app.include_router(editor.router)
    app.add_exception_handler(editor.LoginRequiredError, editor.login_redirect)


def render_error(request: Request, status: int, code: str, message: str) -> Response:
    """A friendly error page in the site's layout (never a traceback)."""
    return quiz.error_page(request, status, code, message)
