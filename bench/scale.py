"""The engine at larger knowledge bases: step latency against a plain numpy baseline.

Run: .venv/bin/python bench/scale.py [--sizes real,200x500,800x1000] [--patients 200]
     [--memory-steps 20000] [--symcat ../shared/data/symcat/SymCAT.json]

Builds synthetic knowledge bases from the real one (`real`: the shipped knowledge base as it
is): its conditions and findings, plus conditions taken from SymCAT (real P(symptom | disease),
"SymCAT, via Casande-RL") whose symptoms become yes/no questions. Beyond SymCAT's 376 distinct
symptoms, further findings reuse SymCAT columns with the conditions rotated (real numbers,
synthetic assignment). Added conditions take urgency and rarity in turn from the real
conditions. Then, per size:

- simulated interviews with patients sampled from that knowledge base (median questions);
- every engine step of those interviews timed again: `Engine.step` (posterior, triage, next
  question, stop rule, questions left) against a plain numpy naive-Bayes + information-gain
  baseline on the same matrices and evidence (posterior, then the gain of every unknown
  finding from the posterior after each answer), and the bare matrix-vector product
  (log P(findings | condition) times the evidence);
- each state is timed three times, interleaved, and its fastest time kept (a quiet-machine
  estimate on a shared machine; the load average is printed);
- glibc is asked to keep freed memory for reuse (`keep_freed_memory`; `--fresh-memory` not to),
  as in a long-running server, so that large temporaries do not fault in fresh pages each time.

`--memory-steps` then runs that many steps at the largest size with evidence from text (a
random part of each patient's findings known up front, many tick-all questions half answered)
and prints the process's resident memory every fifth of the way. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backcheck.engine import Engine, EvidenceItem, Patient
from backcheck.engine.model import FloatArray, Model
from backcheck.evaluation import Case, answer_for, sample_cases
from backcheck.interview import Interview
from backcheck.knowledge import Condition, Finding, Group, KnowledgeBase, load_kb

ROOT = Path(__file__).resolve().parents[1]
SYMCAT = ROOT.parent / "shared" / "data" / "symcat" / "SymCAT.json"
SIZES = ("real", "200x500", "800x1000")
#: How likely an added finding is in a condition that does not list it.
BACKGROUND = 0.02
_TINY = 1e-12


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for reuse, as a long-running process ends up doing.

    Otherwise every large numpy temporary is a fresh mapping whose pages fault in one by one,
    which on some virtual machines costs more than the arithmetic (and hits the baseline, which
    makes many such temporaries, hardest).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(libc.mallopt(m_mmap_threshold, 32 * 2**20)) and bool(
        libc.mallopt(m_trim_threshold, 2**31 - 1)
    )


# ----- synthetic knowledge bases -----


def _slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "_" for ch in text.lower().strip())
    return "_".join(part for part in out.split("_") if part)[:40] or "x"


def _finding(fid: str, name: str) -> Finding:
    return Finding.model_validate(
        {
            "id": fid,
            "name": name[:200],
            "phrase": {"present": name[:80], "absent": f"no {name}"[:80]},
            "kind": "symptom",
            "question": f"Do you have {name.lower()}?",
            "help": "A symptom from SymCAT (synthetic benchmark knowledge base).",
            "background": {"p": BACKGROUND, "estimate": "benchmark"},
        }
    )


def synthetic_kb(
    kb: KnowledgeBase, n_conditions: int, n_findings: int, symcat: Path, group_size: int = 0
) -> Any:
    """The real knowledge base widened to `n_conditions` x `n_findings` with SymCAT numbers.

    With `group_size` > 1 the added findings are asked in tick-all-that-apply groups of that
    many (in SymCAT's order, most often listed first), as the real knowledge base asks symptoms
    by body system; otherwise each is a yes/no question.
    """
    extra_c, extra_f = n_conditions - len(kb.conditions), n_findings - len(kb.findings)
    if extra_c < 0 or extra_f < 0:
        raise ValueError("sizes must be at least the real knowledge base's")
    if extra_c == 0 and extra_f == 0:
        return kb
    data: dict[str, list[tuple[str, float]]] = json.loads(symcat.read_text(encoding="utf-8"))
    diseases = sorted(data)[:extra_c]
    if len(diseases) < extra_c:
        raise ValueError(f"SymCAT has only {len(data)} diseases")
    # Symptoms as columns, most often listed first, cut or extended to the finding count.
    counts: dict[str, int] = {}
    for disease in diseases:
        for symptom, _ in data[disease]:
            counts[symptom] = counts.get(symptom, 0) + 1
    symptoms = sorted(counts, key=lambda s: (-counts[s], s))[:extra_f]
    column = {s: j for j, s in enumerate(symptoms)}
    p = np.full((extra_c, max(len(symptoms), 1)), BACKGROUND)
    for i, disease in enumerate(diseases):
        for symptom, prob in data[disease]:
            if symptom in column:
                p[i, column[symptom]] = float(np.clip(prob, 0.01, 0.99))
    columns = [p[:, j] for j in range(len(symptoms))]
    names = list(symptoms)
    while len(columns) < extra_f:  # real SymCAT columns, conditions rotated
        k = len(columns) - len(symptoms)
        source = k % max(len(symptoms), 1)
        columns.append(np.roll(p[:, source], k // max(len(symptoms), 1) + 1))
        names.append(f"{symptoms[source]} (variant {k // max(len(symptoms), 1) + 1})")
    ids = [f"sx_{j:04d}_{_slug(name)}"[:60] for j, name in enumerate(names)]
    findings = dict(kb.findings)
    for fid, name in zip(ids, names, strict=True):
        findings[fid] = _finding(fid, name)
    real = list(kb.conditions.values())
    conditions = dict(kb.conditions)
    for i, disease in enumerate(diseases):
        template = real[i % len(real)]
        likelihoods = {
            fid: {"p": float(col[i]), "source": "symcat"}
            for fid, col in zip(ids, columns, strict=True)
            if col[i] != BACKGROUND
        } or {ids[0]: {"p": BACKGROUND, "estimate": "benchmark"}}
        cid = f"sc_{i:04d}_{_slug(disease)}"[:60]
        conditions[cid] = Condition.model_validate(
            template.model_dump(
                exclude={"id", "name", "findings", "risk", "always", "never", "prior"}
            )
            | {"id": cid, "name": disease.replace("-", " ").capitalize(), "findings": likelihoods}
        )
    groups = dict(kb.groups)
    if group_size > 1:
        for start in range(0, len(ids), group_size):
            chunk = ids[start : start + group_size]
            if len(chunk) >= 2:
                gid = f"sg_{start:04d}"
                groups[gid] = Group(
                    id=gid,
                    select="many",
                    question="Do you have any of these? Tick all that apply.",
                    help="Symptoms from SymCAT (synthetic benchmark knowledge base).",
                    options=chunk,
                    none_label="None of these",
                )
    return replace(
        kb,
        findings=findings,
        groups=groups,
        conditions=conditions,
        version=f"synthetic-{n_conditions}-{group_size}",
    )


# ----- the baseline -----


def _entropy(dist: FloatArray) -> FloatArray:
    out: FloatArray = -(dist * np.log2(np.clip(dist, _TINY, 1.0))).sum(axis=0)
    return out


def baseline_step(model: Model, present: FloatArray, absent: FloatArray) -> tuple[int, FloatArray]:
    """Naive Bayes posterior, then the information gain of every unknown finding (textbook)."""
    logits = model.log_prior + model.log_p @ present + model.log_q @ absent
    post = np.exp(logits - logits.max())
    post /= post.sum()
    unknown = np.flatnonzero((present + absent) == 0)
    p = model.p[:, unknown]
    joint_yes = post[:, None] * p
    joint_no = post[:, None] - joint_yes
    p_yes = np.clip(joint_yes.sum(axis=0), _TINY, None)
    p_no = np.clip(joint_no.sum(axis=0), _TINY, None)
    gain = _entropy(post) - p_yes * _entropy(joint_yes / p_yes) - p_no * _entropy(joint_no / p_no)
    return int(unknown[int(np.argmax(gain))]), gain


# ----- interview states -----


@dataclass(frozen=True)
class State:
    """The arguments of one engine step, and the same evidence as masks for the baseline."""

    evidence: tuple[EvidenceItem, ...]
    patient: Patient
    asked: tuple[str, ...]
    text: bool
    present: FloatArray
    absent: FloatArray


def run_interviews(
    engine: Engine,
    cases: Sequence[Case],
    base: Callable[[Case], list[EvidenceItem]] | None = None,
    found: list[int] | None = None,
) -> tuple[list[State], list[int]]:
    """Simulated interviews; every engine step's arguments, and the questions each asked.

    `found`, if given, receives the rank (1-based; 0: not ranked) of each case's condition.
    """
    machine = Interview(engine)
    states: list[State] = []
    step = engine.step
    model = engine.model

    def recording(evidence: Any, patient: Any, asked: Any = (), text: bool = False) -> Any:
        items = tuple(evidence)
        known = engine.normalise(items, patient)
        present = np.zeros(len(model.findings))
        absent = np.zeros(len(model.findings))
        for fid, item in known.items():
            if item.state != "unknown":
                (present if item.state == "present" else absent)[model.f_index[fid]] = 1.0
        states.append(State(items, patient, tuple(asked), text, present, absent))
        return step(items, patient, asked, text)

    engine.step = recording  # type: ignore[method-assign,assignment]
    questions: list[int] = []
    try:
        for case in cases:
            turn = machine.start(case.patient)
            asked = 0
            while turn.screen.kind not in ("results", "under_18"):
                if turn.screen.kind == "describe":
                    items = base(case) if base is not None else []
                    turn = (
                        machine.describe(turn.state, items)
                        if items
                        else machine.skip_description(turn.state)
                    )
                elif turn.screen.kind == "emergency":
                    turn = machine.acknowledge(turn.state)
                else:
                    assert turn.screen.question is not None
                    reply = answer_for(turn.screen.question, case, "closed_world")
                    turn = machine.answer(turn.state, reply.question_id, reply.value)
                    asked += 1
            questions.append(asked)
            if found is not None:
                ranking = [c.id for c in turn.screen.assessment.conditions[:3]]
                condition = case.expected_condition
                found.append(ranking.index(condition) + 1 if condition in ranking else 0)
    finally:
        del engine.step
    return states, questions


# ----- timing -----


def _percentiles(times: Sequence[float]) -> tuple[float, float]:
    ms = np.array(times) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


def time_states(
    engine: Engine, states: Sequence[State], repeats: int = 3
) -> dict[str, list[float]]:
    """Per state, the fastest of `repeats` interleaved runs of the engine, baseline and matvec."""
    model = engine.model
    clock = time.perf_counter
    best: dict[str, list[float]] = {"engine": [], "baseline": [], "matvec": []}
    for s in states:
        runs: dict[str, list[float]] = {k: [] for k in best}
        for _ in range(repeats):
            start = clock()
            engine.step(s.evidence, s.patient, s.asked, s.text)
            runs["engine"].append(clock() - start)
            start = clock()
            baseline_step(model, s.present, s.absent)
            runs["baseline"].append(clock() - start)
            start = clock()
            model.log_p @ s.present
            runs["matvec"].append(clock() - start)
        for key, values in runs.items():
            best[key].append(min(values))
    return best


def check_baseline(engine: Engine, states: Sequence[State]) -> float:
    """The largest difference between the baseline's gains and the engine's for yes/no findings.

    Over the states where only yes/no findings are judged the same way by both (the singles the
    engine may ask), the gains on conditions must agree.
    """
    bank, model = engine.bank, engine.model
    worst = 0.0
    for s in states[:: max(1, len(states) // 50)]:
        known = engine.normalise(s.evidence, s.patient)
        states_ = {fid: item.state for fid, item in known.items()}
        candidates = [
            c
            for c in bank.open_candidates(states_, s.asked, s.patient)
            if c.group is None and model.binary[int(c.columns[0])]
        ]
        if not candidates:
            continue
        logits = model.log_prior + model.log_p @ s.present + model.log_q @ s.absent
        post = np.exp(logits - logits.max())
        post /= post.sum()
        _, gain_c, _ = bank.values(post, candidates)
        _, base_gain = baseline_step(model, s.present, s.absent)
        unknown = list(np.flatnonzero((s.present + s.absent) == 0))
        theirs = np.array([base_gain[unknown.index(int(c.columns[0]))] for c in candidates])
        worst = max(worst, float(np.abs(np.clip(theirs, 0, None) - gain_c).max()))
    return worst


def rss_mb() -> float:
    """The process's resident memory now, in MB (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def memory_run(engine: Engine, steps: int, seed: int) -> None:
    """Engine steps with partial evidence from text until `steps`; RSS every fifth of the way."""
    rng = random.Random(seed)

    def described(case: Case) -> list[EvidenceItem]:
        known = sorted(case.present) + sorted(case.absent)
        chosen = rng.sample(known, k=len(known) // 4)
        return [EvidenceItem(f, "", case.state(f), "text") for f in chosen]

    marks = [round(steps * k / 5) for k in range(1, 6)]
    done, batch = 0, 0
    print(f"  {0:6} steps: {rss_mb():6.0f} MB")
    while done < steps:
        cases = sample_cases(engine, 50, seed=seed + 1000 + batch)
        batch += 1
        states, _ = run_interviews(engine, cases, described)
        for s in states:
            engine.step(s.evidence, s.patient, s.asked, text=True)
        done += 2 * len(states)
        while marks and done >= marks[0]:
            print(f"  {marks.pop(0):6} steps: {rss_mb():6.0f} MB")


# ----- main -----


def measure(kb: KnowledgeBase, patients: int, seed: int) -> dict[str, float]:
    """Build the engine, run the interviews, time every step; the figures for one size."""
    engine = Engine(kb)
    cases = sample_cases(engine, patients, seed=seed)
    found: list[int] = []
    states, questions = run_interviews(engine, cases, found=found)
    times = time_states(engine, states)
    e50, e99 = _percentiles(times["engine"])
    b50, b99 = _percentiles(times["baseline"])
    m50, _ = _percentiles(times["matvec"])
    return {
        "conditions": len(kb.conditions),
        "findings": len(kb.findings),
        "steps": len(states),
        "engine_p50": e50,
        "engine_p99": e99,
        "baseline_p50": b50,
        "baseline_p99": b99,
        "ratio": e50 / b50,
        "matvec_p50": m50,
        "questions_median": float(np.median(questions)),
        "at_budget": float(np.mean([q >= kb.settings.interview.budget for q in questions])),
        "top1": float(np.mean([r == 1 for r in found])),
        "top3": float(np.mean([r > 0 for r in found])),
        "gain_check": check_baseline(engine, states),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Print the figures (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--group-size",
        type=int,
        default=0,
        help="ask added findings in tick-all groups of this many (default: each yes/no)",
    )
    parser.add_argument("--memory-steps", type=int, default=20000)
    parser.add_argument("--symcat", type=Path, default=SYMCAT)
    parser.add_argument(
        "--fresh-memory",
        action="store_true",
        help="leave glibc's defaults (large temporaries get fresh pages each time)",
    )
    args = parser.parse_args(argv)
    kept = not args.fresh_memory and keep_freed_memory()
    kb = load_kb()
    sizes = [
        (len(kb.conditions), len(kb.findings))
        if size == "real"
        else tuple(int(n) for n in size.split("x"))
        for size in args.sizes.split(",")
    ]
    summary: list[str] = []
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}; load average "
        f"{os.getloadavg()[0]:.1f} at start; freed memory kept for reuse: {'yes' if kept else 'no'}"
    )
    print(
        f"{args.patients} sampled patients per size (seed {args.seed}); each step's fastest of 3 "
        "runs; targets: p99 < 2 ms at 800 x 1,000, engine/baseline <= 3x, median questions <= 12"
    )
    print(
        f"{'conditions x findings':>22} {'steps':>6} {'engine p50':>10} {'p99':>7} "
        f"{'baseline p50':>12} {'p99':>7} {'ratio':>6} {'matvec':>7} {'questions':>9} "
        f"{'budget':>7} {'top-1':>6} {'top-3':>6} {'gains':>8}"
    )
    largest: KnowledgeBase | None = None
    for n_c, n_f in sizes:
        if (n_c, n_f) != (len(kb.conditions), len(kb.findings)) and not args.symcat.is_file():
            print(f"{f'{n_c} x {n_f:,}':>22} skipped: no SymCAT data at {args.symcat}")
            summary.append(f"{n_c}x{n_f} skipped (no SymCAT data)")
            continue
        sized = synthetic_kb(kb, n_c, n_f, args.symcat, args.group_size)
        largest = sized
        r = measure(sized, args.patients, args.seed)
        print(
            f"{f'{n_c} x {n_f:,}':>22} {r['steps']:6.0f} {r['engine_p50']:8.2f}ms "
            f"{r['engine_p99']:5.2f}ms {r['baseline_p50']:10.3f}ms {r['baseline_p99']:5.2f}ms "
            f"{r['ratio']:5.1f}x {r['matvec_p50']:5.3f}ms {r['questions_median']:9.0f} "
            f"{r['at_budget']:7.1%} {r['top1']:6.1%} {r['top3']:6.1%} {r['gain_check']:8.1e}"
        )
        summary.append(
            f"{n_c}x{n_f} p99 {r['engine_p99']:.2f} ms ({r['ratio']:.1f}x baseline), "
            f"{r['questions_median']:.0f} questions"
        )
    print(
        "ratio: engine p50 / baseline p50; matvec: the bare log-likelihood matrix-vector "
        "product; budget: interviews that hit the question budget; top-1/top-3: the patient's "
        "condition first / among the first three when the interview stops; gains: largest "
        "difference between the baseline's gains and the engine's on yes/no questions"
    )
    if args.memory_steps and largest is not None:
        engine = Engine(largest)
        n_c, n_f = len(largest.conditions), len(largest.findings)
        print(
            f"\nmemory over {args.memory_steps:,} steps with evidence from text ({n_c} x {n_f:,}):"
        )
        memory_run(engine, args.memory_steps, args.seed)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    print("summary: " + "; ".join(summary))


if __name__ == "__main__":
    main()
