"""Calibration of the condition probabilities: Brier score, log loss and a reliability table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from backcheck.evaluation.simulate import RunResult

__all__ = ["Calibration", "calibration", "format_calibration"]

#: Probabilities are never taken as exactly 0 in the log loss (a condition outside the top five).
_FLOOR = 1e-4


@dataclass(frozen=True)
class Calibration:
    """How well stated probabilities match how often the condition was the right one.

    `brier` is the multi-class Brier score over the conditions listed (lower is better, 0 best);
    `log_loss` the mean of -ln P(right condition); `bins` the reliability table: for each tenth
    of probability, how many (case, condition) pairs fell in it, their mean stated probability
    and how often the condition was the right one. `top1_confidence` and `top1_accuracy` compare
    the mean probability of the first-ranked condition with how often it was right.
    """

    cases: int
    brier: float
    log_loss: float
    top1_confidence: float
    top1_accuracy: float
    bins: tuple[tuple[float, float, int, float, float], ...]


def calibration(results: Sequence[RunResult]) -> Calibration:
    """Calibration of the probabilities in run results that name an expected condition.

    >>> a = RunResult("a", "x", None, ("x", "y"), "self_care", 0, "", {"x": 0.8, "y": 0.2})
    >>> c = calibration([a])
    >>> round(c.brier, 2), round(c.log_loss, 2), c.top1_accuracy
    (0.08, 0.22, 1.0)
    """
    rows = [r for r in results if r.expected_condition is not None and r.probabilities]
    if not rows:
        return Calibration(0, math.nan, math.nan, math.nan, math.nan, ())
    brier = loss = conf = right = 0.0
    counts = [[0, 0.0, 0.0] for _ in range(10)]
    for r in rows:
        probs = dict(r.probabilities)
        truth = r.expected_condition
        brier += sum((p - (cid == truth)) ** 2 for cid, p in probs.items())
        if truth not in probs:
            brier += 1.0
        loss += -math.log(max(probs.get(truth or "", 0.0), _FLOOR))
        first = max(probs, key=lambda cid: probs[cid])
        conf += probs[first]
        right += first == truth
        for cid, p in probs.items():
            k = min(int(p * 10), 9)
            counts[k][0] += 1
            counts[k][1] += p
            counts[k][2] += cid == truth
    n = len(rows)
    bins = tuple(
        (
            k / 10,
            (k + 1) / 10,
            int(c[0]),
            c[1] / c[0] if c[0] else math.nan,
            c[2] / c[0] if c[0] else math.nan,
        )
        for k, c in enumerate(counts)
    )
    return Calibration(n, brier / n, loss / n, conf / n, right / n, bins)


def format_calibration(title: str, c: Calibration) -> list[str]:
    """A calibration as lines of text."""
    lines = [
        f"{title} ({c.cases} cases)",
        f"  Brier {c.brier:.3f}   log loss {c.log_loss:.3f}   "
        f"first-ranked: mean probability {c.top1_confidence:.1%}, right {c.top1_accuracy:.1%}",
        f"  {'probability':>13} {'pairs':>6} {'stated':>7} {'observed':>9}",
    ]
    for lo, hi, n, stated, observed in c.bins:
        if n:
            lines.append(f"  {lo:4.1f} - {hi:3.1f} {n:>8} {stated:>7.1%} {observed:>9.1%}")
    return lines
