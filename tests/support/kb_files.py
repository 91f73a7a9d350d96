"""Copies of the shipped knowledge base to break on purpose in tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from backcheck.knowledge import default_root

__all__ = ["copy_kb", "edit"]


def copy_kb(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge-base folder under `tmp_path`."""
    target = tmp_path / "kb"
    shutil.copytree(str(default_root()), target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file by `new` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
