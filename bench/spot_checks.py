"""Run eval/spot_checks/descriptions.txt through `assess` and print rank, triage and totals.

Run: .venv/bin/python bench/spot_checks.py [FILE]
"""

from __future__ import annotations

import sys
from pathlib import Path

from backcheck.config import Config
from backcheck.knowledge import URGENCIES
from backcheck.service import AssessService, build_services

DEFAULT = Path(__file__).resolve().parents[1] / "eval" / "spot_checks" / "descriptions.txt"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    service = AssessService(build_services(Config(), database=False))
    n = top1 = top3 = exact = under = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        want_level, want, text = line.split("|", 2)
        result = service.assess_text(text).step.assessment
        ranking = [c.id for c in result.conditions]
        got = result.triage.level
        gap = URGENCIES.index(got) - URGENCIES.index(want_level)
        n += 1
        top1 += ranking[0] == want
        top3 += want in ranking[:3]
        exact += gap == 0
        under += gap < 0
        mark = "" if gap == 0 else ("UNDER" if gap < 0 else "over")
        print(
            f"{want:28} rank {ranking.index(want) + 1:2}  top {ranking[0]:28} "
            f"{want_level:19} -> {got:19} {mark}"
        )
    print(f"\n{n} descriptions: top-1 {top1}, top-3 {top3}, triage exact {exact}, under {under}")
    print(f"summary: {n} descriptions, top-1 {top1}, top-3 {top3}, under-triaged {under}")


if __name__ == "__main__":
    main()
