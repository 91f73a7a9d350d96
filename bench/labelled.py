"""Vignettes read perfectly: the engine given each vignette's hand-labelled findings.

`backcheck eval` reads each vignette's text with the parser. This gives the engine the
findings the vignette was labelled with instead (its `findings`, written before the parser saw
the text), in text mode, so the figures show what the knowledge base makes of exactly what
the text states, with no reading error. Where they are far below a target, reading better
cannot reach it: the text does not hold enough to tell the cause apart.

Run: .venv/bin/python bench/labelled.py [FOLDER ...]   (default: both case-report sets and
     the development vignettes)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backcheck.engine import Engine, EvidenceItem, Patient
from backcheck.evaluation.simulate import RunResult
from backcheck.evaluation.vignettes import Vignette, level_gap, load_vignettes
from backcheck.knowledge import load_kb

EVAL = Path(__file__).resolve().parents[1] / "eval"
DEFAULT = [EVAL / "casereports", EVAL / "casereports_holdout", EVAL / "vignettes"]


def assess_labelled(engine: Engine, vignette: Vignette) -> RunResult:
    """The engine's result for the vignette's labelled findings, without questions."""
    found = vignette.findings
    evidence = [EvidenceItem(f, "", "present", "text") for f in found.present] + [
        EvidenceItem(f, "", "absent", "text") for f in found.absent
    ]
    pregnant = True if "pregnant" in found.present else None
    result = engine.assess(
        evidence, Patient(age=vignette.age, sex=vignette.sex, pregnant=pregnant), text=True
    )
    return RunResult(
        case_id=vignette.id,
        expected_condition=vignette.expected.condition,
        expected_triage=vignette.expected.triage,
        ranking=tuple(c.id for c in result.conditions),
        triage=result.triage.level,
        questions=0,
        stop_reason="assess",
        probabilities={c.id: c.probability for c in result.conditions[:5]},
        scope=result.scope,
    )


def main(argv: list[str] | None = None) -> None:
    """Print top-1, top-3 and triage figures per folder, with the misses."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    engine = Engine(load_kb())
    summary: list[str] = []
    for folder in args.folders:
        results = [assess_labelled(engine, v) for v in load_vignettes(folder, engine)]
        n = len(results)
        top1 = sum(r.rank == 1 for r in results)
        top3 = sum(r.rank is not None and r.rank <= 3 for r in results)
        exact = sum(level_gap(r) == 0 for r in results)
        under = [r.case_id for r in results if level_gap(r) < 0]
        over = sum(level_gap(r) > 0 for r in results)
        print(
            f"{folder}: {n} vignettes, labelled findings: top-1 {top1 / n:.1%}, top-3 "
            f"{top3 / n:.1%}, triage exact {exact / n:.1%}, under-triage {len(under) / n:.1%}, "
            f"over-triage {over / n:.1%}"
        )
        missed = [r.case_id for r in results if not (r.rank is not None and r.rank <= 3)]
        print(f"  not in the top 3: {', '.join(missed) or 'none'}")
        print(f"  under-triaged: {', '.join(under) or 'none'}")
        summary.append(f"{folder.name} top-3 {top3 / n:.1%}, under {len(under) / n:.1%}")
    print("summary: labelled findings: " + "; ".join(summary))


if __name__ == "__main__":
    main()
