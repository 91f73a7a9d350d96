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
from backcheck.evaluation.simulate import REPLIES, Case, RunResult, simulate
from backcheck.interview import ADULT_AGE, Interview
from backcheck.knowledge import URGENCIES
from backcheck.service import AssessService, build_services

DEFAULT = Path(__file__).resolve().parents[1] / "eval" / "spot_checks" / "descriptions.txt"


def _gap(got: str, want: str) -> int:
    return URGENCIES.index(got) - URGENCIES.index(want)


def main() -> None:
    """Print one line per description and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--interview", action="store_true", help="also run the quiz")
    args = parser.parse_args()
    services = build_services(Config(), database=False)
    service = AssessService(services)
    machine = Interview(services.engine)
    n = top1 = top3 = exact = under = 0
    runs: list[RunResult] = []
    # per kind of simulated patient: top-1, top-3, triage exact, under-triaged; questions asked
    quiz = {r: [0, 0, 0, 0] for r in REPLIES}
    asked: dict[str, list[int]] = {r: [] for r in REPLIES}
    for number, line in enumerate(args.path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        want_level, want, text = line.split("|", 2)
        told = service.assess_text(text)
        result = told.step.assessment
        ranking = [c.id for c in result.conditions]
        gap = _gap(result.triage.level, want_level)
        n += 1
        top1 += ranking[0] == want
        top3 += want in ranking[:3]
        exact += gap == 0
        under += gap < 0
        runs.append(
            RunResult(
                str(number),
                want,
                want_level,
                tuple(ranking),
                result.triage.level,
                0,
                "assess",
                {c.id: c.probability for c in result.conditions[:5]},
            )
        )
        mark = "" if gap == 0 else ("UNDER" if gap < 0 else "over")
        print(
            f"{want:28} rank {ranking.index(want) + 1:2}  top {ranking[0]:28} "
            f"{want_level:19} -> {result.triage.level:19} {mark}"
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
            run = simulate(services.engine, case, replies=replies, machine=machine)
            tally = quiz[replies]
            tally[0] += run.ranking[0] == want
            tally[1] += want in run.ranking[:3]
            tally[2] += _gap(run.triage, want_level) == 0
            tally[3] += _gap(run.triage, want_level) < 0
            asked[replies].append(run.questions)
    print(f"\n{n} descriptions: top-1 {top1}, top-3 {top3}, triage exact {exact}, under {under}")
    print("\n".join(format_calibration("\nprobabilities (text)", calibration(runs))))
    print(f"summary: {n} descriptions, top-1 {top1}, top-3 {top3}, under-triaged {under}")
    for replies, (q1, q3, qe, qu) in quiz.items() if args.interview else ():
        print(
            f"summary: quiz ({replies}, {len(asked[replies])} adults): top-1 {q1}, top-3 {q3}, "
            f"triage exact {qe}, "
            f"under-triaged {qu}, median questions {statistics.median(asked[replies]):.0f}"
        )


if __name__ == "__main__":
    main()
