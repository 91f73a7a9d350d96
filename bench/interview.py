"""How many questions the quiz asks, how well it ranks, and how honest its progress is.

Runs the interview state machine (the same one the web app, the API and the terminal drive)
with simulated patients: patients sampled from the knowledge base, and the development
vignettes with both simulated patients (one says "don't know", the other "no", to what its case
does not state). Prints one table; `--fit` also fits the questions-left estimate shown as
progress (the `interview.remaining` constants in backcheck/kb/settings.yaml).

    .venv/bin/python bench/interview.py --patients 1000 --seed 0
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from backcheck.engine import Answer, Engine
from backcheck.engine.questions import entropy
from backcheck.evaluation import Case, RunResult, sample_cases, simulate, summarise
from backcheck.evaluation.simulate import REPLIES, Replies, answer_for
from backcheck.evaluation.vignettes import load_vignettes
from backcheck.interview import ADULT_AGE, Interview
from backcheck.knowledge import load_kb

ROOT = Path(__file__).resolve().parents[1]
TARGETS = "targets: median <= 10, p90 <= 16, budget < 3%, no emergency under-triaged"


def _row(name: str, results: Sequence[RunResult], budget: int) -> str:
    m = summarise(results)
    at_budget = sum(r.questions >= budget for r in results) / len(results)
    backwards = sum(
        any(b < a for a, b in zip(r.progress, r.progress[1:], strict=False)) for r in results
    )
    errors = [
        abs(left - (r.questions - k)) for r in results for k, left in enumerate(r.estimated_left)
    ]
    return (
        f"{name:34} {m.cases:5} {m.questions_median:6.0f} {m.questions_p90:5.0f} "
        f"{at_budget:7.1%} {m.top1 or 0:6.1%} {m.top3 or 0:6.1%} {m.triage_exact or 0:7.1%} "
        f"{m.under_triage or 0:6.1%} {m.emergency_under_triaged:4} {backwards:5} "
        f"{float(np.mean(errors)) if errors else 0:5.1f}"
    )


def _fit(engine: Engine, cases: Sequence[tuple[Case, Replies]]) -> None:
    """Least squares of the adaptive questions still to come on the posterior's entropy."""
    machine = Interview(engine)
    rows: list[tuple[float, int]] = []
    for case, replies in cases:
        turn = machine.start(case.patient)
        seen: list[tuple[float, int, int]] = []
        while turn.screen.kind not in ("results", "under_18"):
            screen, state = turn.screen, turn.state
            if screen.kind == "describe":
                turn = machine.skip_description(state)
                continue
            if screen.kind == "emergency":
                turn = machine.acknowledge(state)
                continue
            assert screen.question is not None
            answers = [Answer(a.question_id, a.value) for a in state.answers]
            evidence = engine.evidence_from_answers(answers)
            states = {e.id: e.state for e in engine.normalise(evidence, state.patient).values()}
            posterior = np.array([c.probability for c in screen.assessment.conditions])
            forced = engine.bank.forced_left(states, state.asked, state.patient)
            seen.append((float(entropy(posterior)), len(state.answers), forced))
            reply = answer_for(screen.question, case, replies)
            turn = machine.answer(state, reply.question_id, reply.value)
        rows += [(h, len(seen) - n - forced) for h, n, forced in seen]
    x = np.array([[1.0, h] for h, _ in rows])
    y = np.array([float(left) for _, left in rows])
    (base, per_bit), *_ = np.linalg.lstsq(x, y, rcond=None)
    error = np.abs(np.maximum(0, np.round(x @ [base, per_bit])) - y).mean()
    print(f"\nfit over {len(rows)} question screens: base {base:.2f}, per_bit {per_bit:.2f}")
    print(f"  mean absolute error of the adaptive questions left: {error:.2f}")


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fit", action="store_true", help="fit the questions-left estimate")
    args = parser.parse_args()
    started = time.perf_counter()
    kb = load_kb()
    engine = Engine(kb)
    machine = Interview(engine)
    budget = kb.settings.interview.budget
    sampled = sample_cases(engine, args.patients, seed=args.seed)
    vignettes = [
        v.case()
        for v in load_vignettes(ROOT / "eval" / "vignettes", engine)
        if v.age is None or v.age >= ADULT_AGE
    ]
    print(f"knowledge base {kb.version}; {TARGETS}")
    print(
        f"{'patients':34} {'n':>5} {'median':>6} {'p90':>5} {'budget':>7} {'top-1':>6} "
        f"{'top-3':>6} {'triage':>7} {'under':>6} {'emU':>4} {'back':>5} {'leftE':>5}"
    )
    summary = []
    for name, cases in ((f"sampled ({args.seed})", sampled), ("vignettes", vignettes)):
        for replies in REPLIES:
            results = [simulate(engine, c, replies=replies, machine=machine) for c in cases]
            print(_row(f"{name}, {replies}", results, budget))
            m = summarise(results)
            summary.append(
                f"{name.split()[0]} {replies}: median {m.questions_median:.0f}, "
                f"p90 {m.questions_p90:.0f}, top-3 {m.top3 or 0:.1%}, "
                f"emergencies under-triaged {m.emergency_under_triaged}"
            )
    print(
        "\nemU: emergency-level patients triaged below emergency; back: interviews whose "
        "progress ever went down; leftE: mean absolute error of the questions-left estimate"
    )
    if args.fit:
        fitting: list[tuple[Case, Replies]] = [
            (c, "closed_world") for c in sample_cases(engine, 600, seed=2)
        ]
        fitting += [(c, r) for c in vignettes for r in REPLIES]
        _fit(engine, fitting)
    print(f"\n{time.perf_counter() - started:.1f} s")
    for line in summary:
        print(f"summary: {line}")


if __name__ == "__main__":
    main()
