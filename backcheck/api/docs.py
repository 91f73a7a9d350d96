"""A plain HTML page describing the API from its OpenAPI document (no scripts, no CDN)."""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

__all__ = ["render_docs", "router"]

router = APIRouter(include_in_schema=False)


def _schema_name(ref: dict[str, Any] | None) -> str:
    if not ref:
        return ""
    target = ref.get("$ref") or ref.get("items", {}).get("$ref", "")
    name = target.rsplit("/", 1)[-1] if target else ref.get("type", "")
    return f"list of {name}" if ref.get("type") == "array" else name


def render_docs(spec: dict[str, Any]) -> str:
    """The API reference as an HTML page."""
    esc = html.escape
    rows = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ok: dict[str, Any] = next(
                (r for code, r in op.get("responses", {}).items() if code.startswith("2")), {}
            )
            out = ok.get("content", {}).get("application/json", {}).get("schema")
            rows.append(
                "<section><h2><code>"
                f"{esc(method.upper())} {esc(path)}</code></h2>"
                f"<p>{esc(op.get('description') or op.get('summary', ''))}</p>"
                f"<p>Request: <code>{esc(_schema_name(body.get('schema')) or 'none')}</code>; "
                f"response: <code>{esc(_schema_name(out) or 'none')}</code></p></section>"
            )
    title = esc(spec.get("info", {}).get("title", "API"))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title} API</title><link rel='stylesheet' href='/static/site.css'></head>"
        f"<body><main id='main'><h1>{title} JSON API</h1>"
        "<p>Machine-readable: <a href='/api/v1/openapi.json'>/api/v1/openapi.json</a>. "
        'Errors are JSON: <code>{"error": {"code": ..., "message": ...}}</code>. '
        "Write endpoints are rate-limited per client. Nothing you send is stored as text, except "
        "a story you choose to share (after personal details are removed). Editor endpoints "
        "need <code>Authorization: Bearer &lt;token&gt;</code>.</p>"
        + "".join(rows)
        + "</main></body></html>"
    )


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> str:
    """The API reference page."""
    return render_docs(request.app.openapi())
