"""Load the knowledge base for use: read every file, run every check, refuse it on a problem."""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path

from backcheck.knowledge.reader import KBError, KnowledgeBase
from backcheck.knowledge.validate import check_kb

__all__ = ["load_kb"]


def load_kb(root: Traversable | Path | None = None) -> KnowledgeBase:
    """Load the knowledge base, raising `KBError` if any check fails.

    >>> kb = load_kb()
    >>> len(kb.conditions) >= 40
    True
    """
    report = check_kb(root)
    if not report.ok or report.kb is None:
        raise KBError(list(report.problems))
    return report.kb
