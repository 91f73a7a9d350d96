"""Vignettes scored from their labelled findings and from their text."""

from __future__ import annotations

from pathlib import Path

from backcheck.engine import Engine
from backcheck.evaluation.vignettes import assess_labelled, assess_vignette, load_vignettes
from backcheck.language import TextParser

STRAIN = Path(__file__).resolve().parents[2] / "eval" / "vignettes" / "001_lifting_strain.yaml"


def test_labelled_findings_are_assessed_like_text_without_the_reading(
    engine: Engine, parser: TextParser
) -> None:
    [vignette] = load_vignettes(STRAIN, engine)
    labelled = assess_labelled(engine, vignette)
    read = assess_vignette(engine, parser, vignette)
    assert (
        labelled.case_id, labelled.expected_condition, labelled.expected_triage,
        labelled.ranking[0], labelled.triage, labelled.questions, labelled.stop_reason,
        labelled.scope,
    ) == (
        "001_lifting_strain", "muscle_strain", "self_care",
        "muscle_strain", "self_care", 0, "assess", "upper_back",
    )  # fmt: skip
    assert sum(labelled.probabilities.values()) <= 1.0 + 1e-9
    assert (read.case_id, read.stop_reason, read.ranking[0]) == (
        labelled.case_id, labelled.stop_reason, labelled.ranking[0],
    )  # fmt: skip
