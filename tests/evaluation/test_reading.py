"""Scoring the parser's reading against hand-labelled vignettes."""

from __future__ import annotations

from backcheck.engine import Engine
from backcheck.evaluation.reading import ReadingScore, score_reading
from backcheck.evaluation.vignettes import Expected, Findings, Vignette
from backcheck.language import TextParser


def vignette(text: str, present: list[str], absent: list[str]) -> Vignette:
    return Vignette(
        id="v",
        title="t",
        text=text,
        expected=Expected(condition="muscle_strain", triage="self_care"),
        findings=Findings(present=present, absent=absent),
        rationale="r",
    )


def test_reading_scores_count_right_wrong_and_missed(engine: Engine, parser: TextParser) -> None:
    cases = [
        vignette("Chest pain and a fever since yesterday, no cough.", ["chest_pain"], ["cough"]),
    ]
    score = score_reading(parser, cases, engine.model.red_flag_findings)
    read = parser.parse(cases[0].text).evidence()
    assert score == ReadingScore(
        vignettes=1,
        true_positives=2,
        false_positives=len(read) - 2,
        false_negatives=0,
        warning_true=1,
        warning_false=sum(
            1 for f, s in read.items() if s == "present" and f in engine.model.red_flag_findings
        )
        - 1,
        wrong=tuple(
            ("v", f, s) for f, s in sorted(read.items()) if (f, s) not in {
                ("chest_pain", "present"), ("cough", "absent"),
            }
        ),
    )  # fmt: skip
    assert score.recall == 1.0
    assert ("fever", "present") in read.items()  # labelled wrongly on purpose: a false positive
    assert score.precision < 1.0
