"""Browser-test support: a live server in a thread, Debian's Chromium, screenshots and axe-core.

Used by the browser test modules: call `require_browser()` at import time (it skips the module
when /usr/bin/chromium or axe-core is missing, unless BACKCHECK_REQUIRE_BROWSER=1, in which case
it fails), then use `serve`, `launch`, `open_page`, `read`, `count`, `content`,
`shot` and `axe`.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from backcheck.evaluation.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
REQUIRED = os.environ.get("BACKCHECK_REQUIRE_BROWSER") == "1"
#: Error pages the tests visit on purpose (the browser logs their status).
EXPECTED = re.compile(r"Failed to load resource: the server responded with a status of 4(04|22)")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
Page = Any  # playwright's Page (kept loose: the module is imported lazily)


def require_browser() -> None:
    """Skip the calling module without Chromium or axe-core (fail instead when required)."""
    if CHROMIUM.exists() and AXE.exists():
        return
    missing = "Chromium (/usr/bin/chromium)" if not CHROMIUM.exists() else f"axe-core ({AXE})"
    if REQUIRED:
        raise RuntimeError(
            f"BACKCHECK_REQUIRE_BROWSER=1 but {missing} is missing: run .ci/run or install it"
        )
    pytest.skip(f"{missing} is not installed", allow_module_level=True)


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run the app with uvicorn in a thread; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start in time"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def launch() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def open_page(browser: Any, base_url: str, expected: re.Pattern[str] = EXPECTED) -> Iterator[Page]:
    """A fresh browser context and tab; fails if the console logged an unexpected error."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1024, "height": 800})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))

    def console(msg: Any) -> None:
        if msg.type == "error" and not expected.search(msg.text):
            errors.append(msg.text)

    tab.on("console", console)
    try:
        yield tab
    finally:
        context.close()
    assert errors == [], f"errors in the browser console: {errors}"


def read(page: Page, expression: str) -> Any:
    """Evaluate EXPRESSION once the page on screen has finished loading.

    A click that submits a form returns once the next page has started to load, when its
    document may still be empty (`document.documentElement` and `activeElement` are null):
    reading the DOM at that moment is a race, so wait for the load event first.
    """
    page.wait_for_load_state("load")
    return page.evaluate(expression)


def content(page: Page) -> str:
    """The HTML of the page on screen once it has finished loading."""
    page.wait_for_load_state("load")
    html: str = page.content()
    return html


def count(page: Page, selector: str) -> int:
    """How many elements match SELECTOR once the page on screen has finished loading."""
    page.wait_for_load_state("load")
    n: int = page.locator(selector).count()
    return n


def shot(page: Page, name: str, full: bool = True) -> None:
    """Save a screenshot to test-artifacts/screenshots/NAME.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def axe(page: Page, name: str) -> None:
    """Run axe-core on the page: no serious or critical violation.

    `page.add_script_tag` injects an inline script, which our CSP (rightly) refuses; evaluating
    the file through the DevTools protocol is not subject to the page's CSP, so the pages are
    tested exactly as served.
    """
    if read(page, "typeof window.axe") == "undefined":
        page.evaluate(_axe_source() + "\n;0")
    violations = page.evaluate("axe.run().then(r => r.violations)")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{name}: axe violations {bad}"


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
