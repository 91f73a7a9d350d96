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

from backcheck.cli.evaluate import format_metrics
from backcheck.engine import Engine
from backcheck.evaluation import summarise
from backcheck.evaluation.vignettes import assess_labelled, load_vignettes
from backcheck.knowledge import load_kb

EVAL = Path(__file__).resolve().parents[1] / "eval"
DEFAULT = [EVAL / "casereports", EVAL / "casereports_holdout", EVAL / "vignettes"]


def main(argv: list[str] | None = None) -> None:
    """Print the figures per folder as `backcheck eval` does, with the cases not in the top 3."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    engine = Engine(load_kb())
    summary: list[str] = []
    for folder in args.folders:
        results = [assess_labelled(engine, v) for v in load_vignettes(folder, engine)]
        metrics = summarise(results)
        print("\n".join(format_metrics(f"{folder}, labelled findings", metrics, questions=False)))
        missed = [r.case_id for r in results if not (r.rank is not None and r.rank <= 3)]
        print(f"  not in the top 3: {', '.join(missed) or 'none'}")
        summary.append(
            f"{folder.name} top-3 {metrics.top3 or 0:.1%}, under {metrics.under_triage or 0:.1%}"
        )
    print("summary: labelled findings: " + "; ".join(summary))


if __name__ == "__main__":
    main()
