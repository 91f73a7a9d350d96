"""Labelled phrases for the text parser, and the (finding, state) pairs they are scored on."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from backcheck.language import ParseResult

__all__ = ["Pair", "expected_pairs", "load_phrases", "parsed_pairs"]

#: (finding id, state) for evidence; ("age", years) and ("sex", "female" | "male") for details.
Pair = tuple[str, object]


def load_phrases() -> list[dict[str, Any]]:
    """The labelled descriptions shipped in phrases.yaml (text, present, absent, age, sex).

    >>> len(load_phrases()) >= 150
    True
    """
    text = (resources.files("backcheck.evaluation") / "phrases.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, list):
        raise ValueError("phrases.yaml must hold a list of phrases")
    return data


def expected_pairs(entry: dict[str, Any]) -> set[Pair]:
    """What a labelled phrase says should be read from it.

    >>> sorted(expected_pairs({"text": "x", "present": ["fever"], "age": 40}), key=str)
    [('age', 40), ('fever', 'present')]
    """
    pairs: set[Pair] = {(fid, "present") for fid in entry.get("present") or []}
    pairs |= {(fid, "absent") for fid in entry.get("absent") or []}
    for key in ("age", "sex"):
        if entry.get(key) is not None:
            pairs.add((key, entry[key]))
    return pairs


def parsed_pairs(result: ParseResult) -> set[Pair]:
    """What the parser read from a phrase, in the same form as `expected_pairs`."""
    pairs: set[Pair] = set(result.evidence().items())
    if result.age is not None:
        pairs.add(("age", result.age))
    if result.sex is not None:
        pairs.add(("sex", result.sex))
    return pairs
