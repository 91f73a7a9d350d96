"""Record every engine decision on fixed inputs, and compare two records (before/after a change).

Run: .venv/bin/python bench/engine_trace.py --save var/trace-before.pickle
     .venv/bin/python bench/engine_trace.py --compare var/trace-before.pickle
     .venv/bin/python bench/engine_trace.py --same-json before.json after.json
(the last compares two `backcheck eval --json` outputs: equal, numbers to 1e-9)

The inputs: every development vignette's text through `assess --text`; every adult vignette
through the interview with both simulated patients, with and without its parsed text as the
description; 1,000 patients sampled from the knowledge base (seed 0, as bench/interview.py) with
both simulated patients; and 400 random evidence sets assessed with and without `text`.

Each engine step records the question asked (id, value and why), the stop reason, the
questions-left estimate, the triage (level, reasons, warnings), the scope, the evidence, the full
ranking and every probability; each call to `QuestionBank.values` records every candidate's
gains (and each call to `QuestionBank.effects`, where the engine makes one, the risk and top-3
gain). `--compare` requires the discrete outcomes to be identical, rankings up to the order of
conditions whose probabilities are equal to 1e-12 (exact ties, ordered by rounding), and
reports the largest differences in probabilities (allowed: 1e-9) and gains, with the closest
margins between the best question and the runner-up (a tie-break could flip only where the
margin is below the gains' difference). Exit status 1 on any difference beyond those limits.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backcheck.engine import Engine, EvidenceItem, Patient, Step
from backcheck.engine.model import FloatArray
from backcheck.evaluation import sample_cases
from backcheck.evaluation.simulate import REPLIES, interview
from backcheck.evaluation.vignettes import load_vignettes
from backcheck.interview import ADULT_AGE, Interview
from backcheck.knowledge import load_kb

ROOT = Path(__file__).resolve().parents[1]
#: Probabilities may differ by floating-point noise only.
PROBABILITY_TOLERANCE = 1e-9
#: Probabilities this close (relative) are ties: their order is decided by rounding.
TIE = 1e-12
Record = dict[str, Any]


class Recorder:
    """Wraps one engine's `step`, `bank.values` and `bank.effects` and keeps what they return."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.records: list[Record] = []
        self.label = ""
        self._values: list[tuple[tuple[str, ...], FloatArray, FloatArray, FloatArray]] = []
        self._effects: list[tuple[FloatArray, FloatArray]] = []
        step, values, effects = engine.step, engine.bank.values, engine.bank.effects
        order = {cid: i for i, cid in enumerate(engine.model.conditions)}

        def traced_values(post: Any, candidates: Any) -> Any:
            out = values(post, candidates)
            total, gain, urgency = (np.array(part, dtype=float) for part in out)
            self._values.append((tuple(c.id for c in candidates), total, gain, urgency))
            return out

        def traced_effects(*args: Any, **kwargs: Any) -> Any:
            out = effects(*args, **kwargs)
            self._effects.append((np.array(out[0]), np.array(out[1])))
            return out

        def traced_step(*args: Any, **kwargs: Any) -> Step:
            self._values, self._effects = [], []
            result = step(*args, **kwargs)
            a = result.assessment
            q = result.question
            t = a.triage
            self.records.append(
                {
                    "label": self.label,
                    "question": None if q is None else (q.id, q.value, q.why),
                    "stop": (a.should_stop, a.stop_reason),
                    "left": result.questions_left,
                    "triage": (t.level, t.label, t.red_flag, t.reasons, t.warnings),
                    "scope": a.scope,
                    "evidence": a.evidence,
                    "ranking": np.array([order[c.id] for c in a.conditions], dtype=np.int16),
                    "probabilities": np.array([c.probability for c in a.conditions]),
                    "values": self._values,
                    "effects": self._effects,
                }
            )
            return result

        engine.step = traced_step  # type: ignore[method-assign]
        engine.bank.values = traced_values  # type: ignore[method-assign]
        engine.bank.effects = traced_effects  # type: ignore[method-assign]


def record(patients: int) -> list[Record]:
    """Run every input through a traced engine and return the records."""
    from backcheck.language import TextParser

    engine = Engine(load_kb())
    recorder = Recorder(engine)
    machine = Interview(engine)
    parser = TextParser(engine.kb)
    vignettes = load_vignettes(ROOT / "eval" / "vignettes", engine)
    for v in vignettes:
        parsed = parser.parse(v.text)
        age = v.age if v.age is not None else parsed.age
        sex = v.sex if v.sex is not None else parsed.sex
        pregnant = parsed.pregnant if sex != "male" else None
        items = [EvidenceItem(f, "", s, "text") for f, s in parsed.evidence().items()]
        recorder.label = f"assess-text:{v.id}"
        engine.assess(items, Patient(age=age, sex=sex, pregnant=pregnant), text=True)
        if v.age is not None and v.age < ADULT_AGE:
            continue
        for replies in REPLIES:
            recorder.label = f"interview:{v.id}:{replies}"
            interview(engine, v.case(), replies=replies, machine=machine)
            recorder.label = f"interview-described:{v.id}:{replies}"
            interview(engine, v.case(), base=items, replies=replies, machine=machine)
    for case in sample_cases(engine, patients, seed=0):
        for replies in REPLIES:
            recorder.label = f"sampled:{case.id}:{replies}"
            interview(engine, case, replies=replies, machine=machine)
    rng = random.Random(7)
    findings = sorted(engine.kb.findings)
    for k in range(400):
        chosen = rng.sample(findings, rng.randint(0, 30))
        evidence = {f: rng.choice(("present", "absent", "unknown")) for f in chosen}
        patient = Patient(age=rng.choice([None, 25, 50, 80]), sex=rng.choice([None, "male"]))
        asked: Collection[str] = [q for q in chosen if q in engine.bank.ids][:5]
        for text in (False, True):
            recorder.label = f"random:{k}:{text}"
            engine.step(evidence, patient, asked, text=text)
    return recorder.records


def _margin(values: FloatArray) -> float:
    if len(values) < 2:
        return float("inf")
    top = np.sort(values)[-2:]
    return float(top[1] - top[0])


def compare(before: list[Record], after: list[Record]) -> int:
    """Print the differences; 0 when the outcomes are identical and probabilities agree."""
    problems: list[str] = []

    def problem(text: str) -> None:
        if len(problems) < 20:
            print("DIFFERENT:", text)
        problems.append(text)

    if len(before) != len(after):
        problem(f"{len(before)} steps before, {len(after)} after")
    max_p = max_gain = max_risk = 0.0
    ties: list[str] = []
    margins: list[tuple[float, str]] = []
    value_calls = 0
    for b, a in zip(before, after, strict=False):
        where = b["label"]
        for key in ("label", "question", "stop", "left", "triage", "scope", "evidence"):
            same: Callable[[Any, Any], bool] = _same_question if key == "question" else _equal
            if not same(b[key], a[key]):
                problem(f"{where}: {key}: {b[key]!r} != {a[key]!r}")
        if not np.array_equal(b["ranking"], a["ranking"]):
            if _tie_order(b, a):
                ties.append(where)
            else:
                problem(f"{where}: ranking differs")
        max_p = max(max_p, float(np.abs(b["probabilities"] - a["probabilities"]).max()))
        if len(b["values"]) != len(a["values"]):
            problem(f"{where}: values called {len(b['values'])} != {len(a['values'])} times")
        for (ids_b, *vb), (ids_a, *va) in zip(b["values"], a["values"], strict=False):
            value_calls += 1
            if ids_b != ids_a:
                problem(f"{where}: candidates differ")
                continue
            for x, y in zip(vb, va, strict=True):
                max_gain = max(max_gain, float(np.abs(x - y).max(initial=0.0)))
            margins.append((_margin(vb[0]), where))
        for (rb, gb), (ra, ga) in zip(b["effects"], a["effects"], strict=False):
            diff = max(np.abs(rb - ra).max(initial=0.0), np.abs(gb - ga).max(initial=0.0))
            max_risk = max(max_risk, float(diff))
    margins.sort()
    print(f"steps compared: {min(len(before), len(after))}; value calls: {value_calls}")
    print(f"largest probability difference: {max_p:.2e} (allowed {PROBABILITY_TOLERANCE:.0e})")
    print(f"largest difference in a question's gains: {max_gain:.2e}")
    print(f"largest difference in risk / top-3 gain: {max_risk:.2e}")
    close = [m for m in margins if m[0] <= 100 * max(max_gain, 1e-15)]
    print(
        "smallest margins between the best question and the runner-up: "
        + ", ".join(f"{m:.1e} ({w})" for m, w in margins[:3])
    )
    print(
        f"value calls whose best and runner-up are within 100x the gains' difference: "
        f"{len(close)} (each checked above: the same question was asked)"
    )
    print(
        f"rankings that differ only in the order of conditions whose probabilities are equal to "
        f"{TIE:.0e} (exact ties broken by rounding): {len(ties)} " + " ".join(ties[:5])
    )
    if max_p > PROBABILITY_TOLERANCE:
        problem(f"probabilities differ by {max_p:.2e}")
    print("IDENTICAL OUTCOMES" if not problems else f"{len(problems)} differences")
    return 1 if problems else 0


def _tie_order(b: Record, a: Record) -> bool:
    """Whether two rankings differ only within runs of conditions tied to `TIE` (relative)."""
    probs = b["probabilities"]
    start = 0
    for i in range(1, len(probs) + 1):
        if i == len(probs) or abs(probs[i] - probs[start]) > TIE * max(probs[start], 1e-300):
            if set(b["ranking"][start:i]) != set(a["ranking"][start:i]):
                return False
            start = i
    return True


def _equal(x: Any, y: Any) -> bool:
    return bool(x == y)


def _same_question(x: Any, y: Any) -> bool:
    """The same question and reason; its value to floating-point noise (or both infinite)."""
    if x is None or y is None:
        return x is y
    return bool(x[0] == y[0] and x[2] == y[2] and np.isclose(x[1], y[1], rtol=1e-9, atol=1e-12))


def same_json(a: Any, b: Any, where: str = "") -> list[str]:
    """Where two JSON values differ, numbers compared to `PROBABILITY_TOLERANCE`."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{where}: keys differ"]
        return [d for k in a for d in same_json(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: lengths differ"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in same_json(x, y, f"{where}[{i}]")
        ]
    if isinstance(a, float) or isinstance(b, float):
        ok = isinstance(a, int | float) and isinstance(b, int | float)
        return [] if ok and abs(a - b) <= PROBABILITY_TOLERANCE else [f"{where}: {a} != {b}"]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=1000)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--compare", type=Path)
    group.add_argument("--same-json", type=Path, nargs=2)
    args = parser.parse_args()
    if args.same_json:
        import json

        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.same_json)
        differences = same_json(before, after)
        print("\n".join(differences[:20]) or "SAME (numbers to 1e-9)")
        raise SystemExit(1 if differences else 0)
    start = time.perf_counter()
    records = record(args.patients)
    print(f"{len(records)} engine steps recorded in {time.perf_counter() - start:.0f} s")
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_bytes(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
        return
    before = pickle.loads(args.compare.read_bytes())
    raise SystemExit(compare(before, records))


if __name__ == "__main__":
    main()
