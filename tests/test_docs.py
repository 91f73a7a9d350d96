"""The architecture page stays true: its layer table and its error table match the code."""

from __future__ import annotations

from pathlib import Path

import backcheck.errors
from backcheck.http import STATUS
from tests.test_layers import ALLOWED

ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def table(heading: str) -> list[list[str]]:
    """The rows of the first Markdown table after a line starting with `heading`."""
    lines = ARCHITECTURE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start:]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # after the header and the rule


def test_the_layer_table_is_the_layer_test() -> None:
    documented = {
        row[0]: {part.strip() for part in row[1].split(",") if part.strip()}
        for row in table("| layer |")
    }
    enforced = {k: v for k, v in ALLOWED.items() if k not in ("__init__", "__main__")}
    assert documented == enforced


def test_the_error_table_is_the_http_edge() -> None:
    documented = {row[0]: int(row[1]) for row in table("| error |")}
    assert documented == {kind.__name__: status for kind, status in STATUS.items()}
    for name in documented:
        assert issubclass(getattr(backcheck.errors, name), backcheck.errors.BackcheckError)
