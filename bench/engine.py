"""Engine figures: per-step latency and interview behaviour on patients sampled from the KB.

Run: .venv/bin/python bench/engine.py [--patients 1000] [--seed 0]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
from numpy.typing import NDArray

from backcheck.engine import Answer, Engine
from backcheck.evaluation import answer_for, sample_cases, simulate, summarise
from backcheck.knowledge import load_kb


def step_latencies(engine: Engine, n_patients: int, seed: int) -> NDArray[np.float64]:
    """Time posterior + triage + next question at every step of sampled interviews."""
    times: list[float] = []
    for case in sample_cases(engine, n_patients, seed=seed):
        answers: list[Answer] = []
        asked: list[str] = []
        while True:
            evidence = engine.evidence_from_answers(answers)
            start = time.perf_counter()
            step = engine.step(evidence, case.patient, asked)
            times.append(time.perf_counter() - start)
            if step.question is None:
                break
            answers.append(answer_for(step.question, case))
            asked.append(step.question.id)
    return np.array(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    start = time.perf_counter()
    kb = load_kb()
    engine = Engine(kb)
    load = time.perf_counter() - start
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"knowledge base {kb.version}: {len(kb.conditions)} conditions, {len(kb.findings)} "
        f"findings, {len(kb.rules)} rules; load + compile {load * 1000:.0f} ms"
    )

    engine.step({}, None, ())  # warm caches
    lat = step_latencies(engine, 200, args.seed + 1) * 1000
    print(
        f"per answered question (posterior + triage + next question), {len(lat)} steps: "
        f"median {np.median(lat):.2f} ms, p99 {np.percentile(lat, 99):.2f} ms, "
        f"max {lat.max():.2f} ms  (target p99 < 2 ms)"
    )

    cases = sample_cases(engine, args.patients, seed=args.seed)
    start = time.perf_counter()
    results = [simulate(engine, case) for case in cases]
    elapsed = time.perf_counter() - start
    m = summarise(results)
    print(
        f"{m.cases} patients sampled from the knowledge base (seed {args.seed}), {elapsed:.1f} s:"
    )
    print(
        f"  questions to stop: median {m.questions_median:.0f}, p90 {m.questions_p90:.0f} "
        "(target median <= 12)"
    )
    print(f"  top-1 {m.top1:.1%}, top-3 {m.top3:.1%}")
    print(
        f"  triage exact {m.triage_exact:.1%}, under-triage {m.under_triage:.1%}, "
        f"over-triage {m.over_triage:.1%}"
    )
    print(
        f"  emergency-level patients: {m.emergency_cases}, triaged below emergency: "
        f"{m.emergency_under_triaged} (target 0)"
    )
    print(
        f"summary: step p99 {np.percentile(lat, 99):.2f} ms, questions median "
        f"{m.questions_median:.0f}, top-1 {m.top1:.1%}, top-3 {m.top3:.1%}, "
        f"emergencies under-triaged {m.emergency_under_triaged}"
    )


if __name__ == "__main__":
    main()
