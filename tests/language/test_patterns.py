"""The regular-expression readers: durations, pain scores, and the normaliser's typo fixes."""

from __future__ import annotations

import pytest

from backcheck.language.checks import truncate
from backcheck.language.normalize import SpellFixer, clean_text, normalise_word
from backcheck.language.patterns import find_durations, find_severities


def durations(text: str) -> list[tuple[str, str]]:
    text = clean_text(text)
    return [(h.finding_id, text[h.start : h.end]) for h in find_durations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("back pain 3 days", [("duration_1_to_7_days", "3 days")]),
        (
            "for the past couple of weeks",
            [("duration_1_to_4_weeks", "for the past couple of weeks")],
        ),
        ("pain since Tuesday", [("duration_1_to_7_days", "since tuesday")]),
        ("had this since last month", [("duration_4_to_6_weeks", "since last month")]),
        ("it started 10 days ago", [("duration_1_to_4_weeks", "10 days ago")]),
        ("started suddenly this morning", [("duration_under_1_day", "this morning")]),
        ("for a week", [("duration_1_to_4_weeks", "for a week")]),
        ("for 7 days", [("duration_1_to_7_days", "for 7 days")]),
        ("for six weeks", [("duration_4_to_6_weeks", "for six weeks")]),
        ("on and off for years", [("duration_over_6_weeks", "for years")]),
        ("a couple of days now", [("duration_1_to_7_days", "a couple of days now")]),
        ("fell off a ladder yesterday", [("duration_1_to_7_days", "yesterday")]),
        ("I'm 30 weeks pregnant", []),
        ("I'm pregnant (32 weeks)", []),
        ("I had cancer 5 years ago", []),
        ("stiff for 30 minutes in the morning", []),
        ("it lasts about 10 minutes", []),
        ("wakes me every 2 hours", []),
        ("8 hours a day at my desk", []),
        ("it built up over a few hours", []),
    ],
)
def test_durations(text: str, expected: list[tuple[str, str]]) -> None:
    assert durations(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pain is 8/10", [("severity_severe", 8.0)]),
        ("about 7 out of 10", [("severity_severe", 7.0)]),
        ("I'd say five out of ten", [("severity_moderate", 5.0)]),
        ("on a scale of 1-10 it's a 6", [("severity_moderate", 6.0)]),
        ("6-7/10", [("severity_severe", 7.0)]),
        ("11/10", [("severity_worst_ever", 11.0)]),
        ("a mild ache", [("severity_mild", 2.0)]),
        ("0/10 right now", []),
        ("seen on 8/10/2023", []),
        ("it's 5 days now", []),
    ],
)
def test_severities(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(h.finding_id, h.value) for h in find_severities(clean_text(text))] == expected


def test_clean_text_keeps_length() -> None:
    for text in [
        "Don\u2019t \u2013 SHOULDER-BLADE",
        "\u0130stanbul",
        "stra\u00dfe",
        "caf\u00e9 \U0001f600",
    ]:
        assert len(clean_text(text)) == len(text)


def test_normalise_word() -> None:
    words = ["the", "your", "shoulders", "ribs", "numbness", "tummy", "nauseous", "is", "pee"]
    assert [normalise_word(w) for w in words] == [
        "my", "my", "shoulder", "rib", "numbness", "stomach", "nauseous", "is", "pee",
    ]  # fmt: skip


def test_spell_fixer_needs_one_clear_candidate() -> None:
    fix = SpellFixer(["shoulder", "tired", "right", "tight", "sweat", "sharp"], known=["tried"])
    assert fix("sholder") == "shoulder"
    assert fix("rigth") == "right"  # swapped letters
    assert fix("tried") is None  # a real word, not a typo
    assert fix("share") is None  # a consonant changed: too risky
    assert fix("swaet") == "sweat"
    assert fix("pain") is None  # short words are left alone


def test_truncate_never_cuts_inside_a_word() -> None:
    text = "numbness " * 10
    cut, truncated = truncate(text, 13)
    assert (cut, truncated) == ("numbness", True)
