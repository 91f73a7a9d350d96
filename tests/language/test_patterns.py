"""The regular-expression readers: durations, pain scores, and the normaliser's typo fixes."""

from __future__ import annotations

import pytest

from backcheck.language.checks import truncate
from backcheck.language.normalize import SpellFixer, clean_text, normalise_word
from backcheck.language.patterns import (
    find_durations,
    find_normal_states,
    find_severities,
    find_signs,
)
from backcheck.language.subject import find_proxy


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2/52 hx of back pain", [("duration_1_to_4_weeks", "2/52")]),
        ("3/7 of mid back pain", [("duration_1_to_7_days", "3/7")]),
        ("6/12 history, constant", [("duration_over_6_weeks", "6/12")]),
        ("seen on 3/12/2023", []),
        ("for the last hour", [("duration_under_1_day", "for the last hour")]),
        ("a week of aching", [("duration_1_to_4_weeks", "a week of")]),
        ("20 minutes of crushing pain", [("duration_under_1_day", "20 minutes")]),
        ("four days ago I lifted a box", [("duration_1_to_7_days", "four days ago")]),
        ("a month ago. since then it aches", [("duration_4_to_6_weeks", "a month ago")]),
        ("on Saturday I fell off a step", [("duration_1_to_7_days", "on saturday")]),
        ("the pain is only two days old", [("duration_1_to_7_days", "two days old")]),
        ("my 3 week old baby", []),
        ("woke at 4am with it", [("duration_under_1_day", "woke at 4am")]),
        ("i saw my gp this morning", []),
    ],
)
def test_durations_told_as_events_and_shorthand(text: str, expected: list[tuple[str, str]]) -> None:
    assert durations(text) == expected


def signs(text: str) -> list[tuple[str, str, bool]]:
    text = clean_text(text)
    return [(h.finding_id, text[h.start : h.end], h.absent) for h in find_signs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T 38.4", [("fever", "t 38.4", False)]),
        ("temperature of 39C", [("fever", "temperature of 39c", False)]),
        ("temp was 101.3F", [("fever", "temp was 101.3f", False)]),
        ("38.6 degrees", [("fever", "38.6 degrees", False)]),
        ("temperature 36.9", [("fever", "temperature 36.9", True)]),
        ("temp 37.6", [("_block", "temp 37.6", False)]),  # low-grade: hides "temp", no fever
        ("a slight temperature of 37.7", [("_block", "a slight temperature of 37.7", False)]),
        ("38F, scalp psoriasis", []),  # an age and sex, not a temperature
        ("can't 38", []),
        ("lost 4 kg without trying", [("weight_loss", "lost 4 kg", False)]),
        ("lost half a stone", [("weight_loss", "lost half a stone", False)]),
        ("black, tarry stools", [("black_stools", "black, tarry stools", False)]),
        ("poo has been black", [("black_stools", "poo has been black", False)]),
        ("point tenderness over T10", [("spine_tenderness", "point tenderness over ", False)]),
    ],
)
def test_signs_read_from_set_forms(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert signs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my legs are fine", {"leg_weakness", "leg_numbness"}),
        ("bladder and bowels normal", {"bladder_bowel_loss"}),
        ("peeing normally", {"bladder_bowel_loss"}),
        ("breathing's fine", {"shortness_of_breath"}),
        ("grip is still strong", {"arm_weakness"}),
        ("my weight is steady", {"weight_loss"}),
        ("weight hasn't changed", {"weight_loss"}),
        (
            "no arm or leg symptoms",
            {"arm_weakness", "arm_numbness", "leg_weakness", "leg_numbness"},
        ),
        ("neurologically intact legs", {"leg_weakness", "leg_numbness"}),
        ("apyrexial", {"fever"}),
        ("her skin and eyes aren't yellow", {"jaundice"}),
        ("my chest doesn't hurt", {"chest_pain"}),
        ("I can lift my arm fine", {"shoulder_weakness_overhead"}),
        ("my legs feel weak", set()),
        ("my bladder is fine except at night", set()),
    ],
)
def test_normal_states(text: str, expected: set[str]) -> None:
    hits = find_normal_states(clean_text(text))
    assert {h.finding_id for h in hits} == expected
    assert all(h.absent for h in hits)


@pytest.mark.parametrize(
    ("text", "relation", "age", "sex"),
    [
        ("My husband (47) has had back pain, he is sleeping badly", "husband", 47, "male"),
        ("Mum is 84. She's been coughing and her back hurts", "mum", 84, "female"),
        ("my 13 year old daughter says her back aches, she", "daughter", 13, "female"),
        ("my dad's 71 and he keeps rubbing his back", "dad", 71, "male"),
        ("64 year old man, his line got infected and he has a fever", None, None, "male"),
    ],
)
def test_proxy_reports(text: str, relation: str | None, age: int | None, sex: str) -> None:
    proxy = find_proxy(clean_text(text))
    assert proxy is not None
    assert (proxy.relation, proxy.age, proxy.sex) == (relation, age, sex)


@pytest.mark.parametrize(
    "text",
    [
        "my wife has a fever and a cough",
        "my husband thinks it's a muscle but my back hurts",
        "I helped my brother move and now he and I both ache, I've had pain since",
    ],
)
def test_own_symptoms_are_not_proxy_reports(text: str) -> None:
    assert find_proxy(clean_text(text)) is None
