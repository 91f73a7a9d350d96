"""Run short descriptions through `assess` (and, with --interview, the quiz) and print totals.

Each line of the file is `triage|condition|text`. The calibration of the text's probabilities
(Brier score, log loss, reliability table) is printed too. With `--interview` each description is
also a simulated patient for the quiz: it answers yes to what the parser reads in its text, no to
what the text denies, and "don't know" (or, the second time, "no") to everything else; people
under 18 get the children's page, so the quiz figures count the adults only.

Run: .venv/bin/python bench/spot_checks.py [FILE] [--interview]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from backcheck.config import Config
from backcheck.evaluation.calibration import calibration, format_calibration
from backcheck.evaluation.simulate import REPLIES, Case, Replies, RunResult, simulate
from backcheck.evaluation.vignettes import level_gap
from backcheck.interview import ADULT_AGE, Interview
from backcheck.service import AssessService, build_services

DEFAULT = Path(__file__).resolve().parents[1] / "eval" / "spot_checks" / "descriptions.txt"


def _tally(results: list[RunResult]) -> tuple[int, int, int, int]:
    """Top-1, top-3, triage exact and under-triaged, as counts."""
    return (
        sum(r.rank == 1 for r in results),
        sum(r.rank is not None and r.rank <= 3 for r in results),
        sum(level_gap(r) == 0 for r in results),
        sum(level_gap(r) < 0 for r in results),
    )


def main() -> None:
    """Print one line per description and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--interview", action="store_true", help="also run the quiz")
    args = parser.parse_args()
    services = build_services(Config(), database=False)
    service = AssessService(services)
    machine = Interview(services.engine)
    runs: list[RunResult] = []
    quiz: dict[Replies, list[RunResult]] = {r: [] for r in REPLIES}
    for number, line in enumerate(args.path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        want_level, want, text = line.split("|", 2)
        told = service.assess_text(text)
        result = told.step.assessment
        run = RunResult(
            str(number),
            want,
            want_level,
            tuple(c.id for c in result.conditions),
            result.triage.level,
            0,
            "assess",
            {c.id: c.probability for c in result.conditions[:5]},
        )
        runs.append(run)
        gap = level_gap(run)
        mark = "" if gap == 0 else ("UNDER" if gap < 0 else "over")
        print(
            f"{want:28} rank {run.rank or 0:2}  top {run.ranking[0]:28} "
            f"{want_level:19} -> {run.triage:19} {mark}"
        )
        # the quiz shows people under 18 the children's page (as in bench/interview.py)
        if not args.interview or (told.patient.age is not None and told.patient.age < ADULT_AGE):
            continue
        read = told.parsed.evidence()
        case = Case(
            id=str(number),
            age=told.patient.age,
            sex=told.patient.sex,
            pregnant=told.patient.pregnant,
            present=frozenset(f for f, s in read.items() if s == "present"),
            absent=frozenset(f for f, s in read.items() if s == "absent"),
            expected_condition=want,
            expected_triage=want_level,
        )
        for replies in REPLIES:
            quiz[replies].append(simulate(services.engine, case, replies=replies, machine=machine))
    n = len(runs)
    top1, top3, exact, under = _tally(runs)
    print(f"\n{n} descriptions: top-1 {top1}, top-3 {top3}, triage exact {exact}, under {under}")
    print("\n".join(format_calibration("\nprobabilities (text)", calibration(runs))))
    print(f"summary: {n} descriptions, top-1 {top1}, top-3 {top3}, under-triaged {under}")
    for replies, results in quiz.items() if args.interview else ():
        q1, q3, qe, qu = _tally(results)
        print(
            f"summary: quiz ({replies}, {len(results)} adults): top-1 {q1}, top-3 {q3}, "
            f"triage exact {qe}, under-triaged {qu}, "
            f"median questions {statistics.median(r.questions for r in results):.0f}"
        )


if __name__ == "__main__":
    main()
