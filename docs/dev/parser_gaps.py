"""Developer tool: compare what the parser reads from each vignette with its labelled findings.

Run: .venv/bin/python docs/dev/parser_gaps.py [vignette-id ...]
Prints, per vignette, the labelled findings the parser missed and the ones it added.
"""

from __future__ import annotations

import sys
from pathlib import Path

from backcheck.engine import Engine
from backcheck.evaluation.vignettes import load_vignettes
from backcheck.knowledge import load_kb
from backcheck.language import TextParser


def main() -> None:
    """Print the gaps for every vignette (or the ones named on the command line)."""
    engine = Engine(load_kb())
    parser = TextParser(engine.kb)
    wanted = set(sys.argv[1:])
    missed_total = extra_total = labelled_total = 0
    for vignette in load_vignettes(Path("eval/vignettes"), engine):
        if wanted and vignette.id not in wanted:
            continue
        parsed = parser.parse(vignette.text).evidence()
        got_present = {f for f, s in parsed.items() if s == "present"}
        got_absent = {f for f, s in parsed.items() if s == "absent"}
        present, absent = set(vignette.findings.present), set(vignette.findings.absent)
        missed = sorted((present - got_present) | (absent - got_absent))
        extra = sorted((got_present - present) | (got_absent - absent))
        labelled_total += len(present) + len(absent)
        missed_total += len(missed)
        extra_total += len(extra)
        if missed or extra:
            print(f"{vignette.id}\n  text: {vignette.text}")
            print(f"  missed: {missed}\n  extra:  {extra}")
    found = labelled_total - missed_total
    print(f"\nrecall {found / labelled_total:.3f} ({found}/{labelled_total}), extra {extra_total}")


if __name__ == "__main__":
    main()
