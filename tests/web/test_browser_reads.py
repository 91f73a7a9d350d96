"""The browser tests read the page only through helpers that wait for it to load.

A click that submits a form returns once the next page has started to load, when its document
can still be empty; reading it then is a race that fails at random (two tests failed so in
CI). Reads that do not wait by themselves go through `read`, `count` and `content` in
tests/web/live.py, and visibility is checked with Playwright's retrying `expect`.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent
#: Page reads that return at once, whatever state the document is in.
RACY = re.compile(r"\.evaluate\(|\.count\(\)|\.content\(\)|\.is_visible\(\)|\.is_hidden\(\)")
#: Where such reads are allowed: the helpers themselves, after their wait.
ALLOWED = {
    ("live.py", "return page.evaluate(expression)"),
    ("live.py", "n: int = page.locator(selector).count()"),
    ("live.py", "html: str = page.content()"),
    ("live.py", 'if read(page, "typeof window.axe") == "undefined":'),
    ("live.py", 'page.evaluate(_axe_source() + "\\n;0")'),
    ("live.py", 'violations = page.evaluate("axe.run().then(r => r.violations)")'),
}


def racy_reads() -> list[tuple[str, str]]:
    """Every line of the browser-test code that reads the page without waiting."""
    tests = [p for p in sorted(HERE.glob("test_*browser*.py")) if p.name != Path(__file__).name]
    files = [HERE / "live.py", HERE / "steps.py", *tests]
    return [
        (path.name, line.strip())
        for path in files
        for line in path.read_text().splitlines()
        if RACY.search(line) and not line.lstrip().startswith("#")
    ]


def test_the_browser_tests_read_the_page_only_once_it_has_loaded() -> None:
    found = racy_reads()
    assert ("live.py", "html: str = page.content()") in found  # the scan sees the helpers
    assert [read for read in found if read not in ALLOWED] == []
