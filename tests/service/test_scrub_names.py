"""Names out of stories: the issue's examples, and 200 synthetic stories measured."""

from __future__ import annotations

import pytest

from backcheck.evaluation.personal import score, synthetic_stories
from backcheck.service.scrub import scrub


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("I am Zebulon Quagmire and my back hurts.", "I am [name removed] and my back hurts."),
        ("My husband Bartholomew drove me in.", "My husband [name removed] drove me in."),
        ("Talking to Zebulon about it helped.", "Talking to [name removed] about it helped."),
        ("my wife ann made me rest.", "my wife [name removed] made me rest."),
        ("Thanks to Z. Quagmire for the advice.", "Thanks to [name removed] for the advice."),
        ("Signed, JOHN SMITH.", "Signed, [name removed]."),
        ("My friend Summer's advice: rest.", "My friend [name removed]'s advice: rest."),
        ("I was born on 4 May 1961.", "I was born on [date of birth removed]."),
        ("DOB: 04/05/1961, pain since 12/03/2024.",
         "DOB: [date of birth removed], pain since 12/03/2024."),
        ("Rest, heat and Pilates helped; Will it last? May be.",
         "Rest, heat and Pilates helped; Will it last? May be."),
        ("' UNION SELECT password_hash FROM editors --",
         "' UNION SELECT password_hash FROM editors --"),
    ],
)  # fmt: skip
def test_names_and_birth_dates_are_removed(text: str, scrubbed: str) -> None:
    assert scrub(text).text == scrubbed


def test_recall_and_precision_on_200_synthetic_stories() -> None:
    result = score(lambda text: scrub(text).text, synthetic_stories(200, seed=0))
    assert sum(result.planted.values()) > 600
    assert result.recall >= 0.98
    assert result.precision >= 0.95


def test_descriptions_without_personal_details_lose_nothing() -> None:
    from backcheck.evaluation.phrases import load_phrases

    texts = [phrase["text"] for phrase in load_phrases()]
    assert len(texts) > 300
    assert [t for t in texts if scrub(t).removed] == []
