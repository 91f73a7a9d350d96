"""Figures for the text parser: load time, latency on a 150-word description, and per-group
precision and recall over the labelled phrases (backcheck/evaluation/phrases.yaml).

Run: .venv/bin/python bench/parser.py [--runs N] [--vignettes FOLDER ...]

With --vignettes it also scores the parser against the findings labelled by hand in each
vignette folder (precision, recall, and the precision of warning signs read as present).

Targets (from issue #4): load under 3 s, p99 latency under 30 ms after load. This prints
figures; it never asserts on time.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections import Counter
from pathlib import Path

from backcheck.engine import Engine
from backcheck.evaluation.phrases import expected_pairs, load_phrases, parsed_pairs
from backcheck.evaluation.reading import score_reading
from backcheck.evaluation.vignettes import load_vignettes
from backcheck.knowledge import KnowledgeBase, load_kb

DESCRIPTION = (
    "Hi, I'm a 47 year old woman. For the last 10 days I've had a sharp, stabbing pain under "
    "my right shoulder blade that sometimes goes round to the front under my ribs. It came on "
    "gradually over a couple of days. It is worse after I eat, especially a big greasy meal, "
    "and when I take a deep breath, and lying down doesn't help. I'd say it's about 7/10 at "
    "its worst. I feel sick and threw up twice last night, but I haven't had a fever or chills "
    "and there's no blood in my urine. No chest pain, no shortness of breath. My mum had "
    "gallstones and my dad had a heart attack at 60. I used to smoke but quit years ago. "
    "Painkillers take the edge off but it keeps coming back in waves. I work at a desk all "
    "day and I'm pretty stressed. Could it be my gallbladder? Should I see a doctor today?"
)


def load_parser(kb: KnowledgeBase) -> tuple[object, float]:
    start = time.perf_counter()
    from backcheck.language import TextParser

    parser = TextParser(kb)
    return parser, time.perf_counter() - start


def group_of(kb: KnowledgeBase, finding_id: str) -> str:
    if finding_id in ("age", "sex"):
        return "(age, sex)"
    group = kb.group_of(finding_id)
    return group.id if group is not None else f"({kb.findings[finding_id].kind})"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=500, help="timed parses (default 500)")
    options.add_argument(
        "--vignettes", nargs="*", default=[], type=Path, help="vignette folders to score"
    )
    args = options.parse_args()

    start = time.perf_counter()
    kb = load_kb()
    kb_seconds = time.perf_counter() - start
    parser, parser_seconds = load_parser(kb)
    from backcheck.language import TextParser

    assert isinstance(parser, TextParser)
    print(f"knowledge base load          {kb_seconds:6.2f} s")
    print(f"parser load (import+build)   {parser_seconds:6.2f} s   (target < 3 s)")
    start = time.perf_counter()
    TextParser(kb)
    print(f"second parser build          {time.perf_counter() - start:6.2f} s")

    words = len(DESCRIPTION.split())
    for _ in range(20):
        parser.parse(DESCRIPTION)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        parser.parse(DESCRIPTION)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, math.ceil(0.99 * len(times)) - 1)]
    print(
        f"parse, {words}-word text, {args.runs} runs: median {statistics.median(times):.1f} ms, "
        f"p99 {p99:.1f} ms, max {times[-1]:.1f} ms   (target p99 < 30 ms)"
    )
    result = parser.parse(DESCRIPTION)
    print(f"  {len(result.mentions)} mentions, age {result.age}, sex {result.sex}")

    phrases = load_phrases()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for entry in phrases:
        expected = expected_pairs(entry)
        got = parsed_pairs(parser.parse(entry["text"]))
        for pair in expected & got:
            tp[group_of(kb, pair[0])] += 1
        for pair in got - expected:
            fp[group_of(kb, pair[0])] += 1
        for pair in expected - got:
            fn[group_of(kb, pair[0])] += 1

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "  -  "

    print(f"\nprecision / recall over {len(phrases)} phrases, by finding group:")
    print(f"  {'group':<22} {'tp':>4} {'fp':>4} {'fn':>4}  {'precision':>9}  {'recall':>6}")
    for group in sorted(set(tp) | set(fp) | set(fn)):
        t, f, n = tp[group], fp[group], fn[group]
        print(f"  {group:<22} {t:>4} {f:>4} {n:>4}  {ratio(t, t + f):>9}  {ratio(t, t + n):>6}")
    t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"  {'overall':<22} {t:>4} {f:>4} {n:>4}  {ratio(t, t + f):>9}  {ratio(t, t + n):>6}")
    print(
        f"summary: parser load {parser_seconds:.2f} s, parse p99 {p99:.1f} ms, "
        f"precision {ratio(t, t + f)}, recall {ratio(t, t + n)}"
    )
    engine = Engine(kb)
    for folder in args.vignettes:
        score = score_reading(
            parser, load_vignettes(folder, engine), engine.model.red_flag_findings
        )
        print(
            f"\n{folder}: {score.vignettes} vignettes, labelled findings read: precision "
            f"{score.precision:.3f}, recall {score.recall:.3f}; warning signs read as present: "
            f"{score.warning_true + score.warning_false}, precision "
            f"{score.warning_precision:.3f} (target >= 0.95)"
        )
        for vid, finding, state in score.wrong:
            if state == "present" and finding in engine.model.red_flag_findings:
                print(f"  false warning sign: {vid}: {finding}")
        print(
            f"summary: {folder}: precision {score.precision:.3f}, recall {score.recall:.3f}, "
            f"warning-sign precision {score.warning_precision:.3f}"
        )


if __name__ == "__main__":
    main()
