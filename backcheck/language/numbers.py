"""Shared pieces of the pattern readers: the `Hit` they return and numbers written as words.

Every reader takes text already passed through `clean_text` (lower case, same length as what
was typed) and returns character offsets into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Hit", "parse_number"]


@dataclass(frozen=True)
class Hit:
    """A finding read by a pattern, with its character span and the rule that read it."""

    finding_id: str
    start: int
    end: int
    rule: str
    value: float = 0.0
    absent: bool = False


_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_VAGUE = {
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "couple": 2,
    "a few": 3,
    "few": 3,
    "several": 4,
    "a number of": 4,
    "many": 6,
}
_TENS = "|".join(_TENS_WORDS)
_UNITS = "|".join(sorted(_UNITS_WORDS, key=len, reverse=True))
_NUMWORD = rf"(?:(?:{_TENS})(?:\s(?:one|two|three|four|five|six|seven|eight|nine))?|{_UNITS})"
#: Units of body weight ("lost 4 kg", "a stone").
_WEIGHT_UNIT = r"(?:kgs?|kilos?|kilograms?|pounds?|lbs?|stones?|st)"
_NUM = (
    rf"(?:\d+(?:\.\d+)?|{_NUMWORD}|a couple of|a couple|couple of|couple|a few|few|several"
    r"|a number of|many|an|a)"
)
_HALF = r"(?:\s+and\s+a\s+half)?"


def parse_number(text: str) -> float | None:
    """The value of a number written in digits, words or vaguely ("a few" is 3).

    >>> [parse_number(t) for t in ["3", "2.5", "a few", "forty two", "twelve", "lots"]]
    [3.0, 2.5, 3.0, 42.0, 12.0, None]
    """
    text = " ".join(text.split())
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in _VAGUE:
        return float(_VAGUE[text])
    if text in _UNITS_WORDS:
        return float(_UNITS_WORDS[text])
    parts = text.split(" ")
    if parts[0] in _TENS_WORDS:
        value = _TENS_WORDS[parts[0]]
        if len(parts) == 2 and parts[1] in _UNITS_WORDS:
            value += _UNITS_WORDS[parts[1]]
        return float(value)
    return None
