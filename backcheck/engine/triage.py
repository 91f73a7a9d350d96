"""Triage: the highest of the red-flag rules that fired and the conditions likely enough."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from backcheck.engine.model import FloatArray, IntArray, Model
from backcheck.engine.rules import kleene, rule_holds
from backcheck.engine.types import Reason, State, Triage
from backcheck.knowledge import EMERGENCY_RANK, URGENCIES, Rule, urgency_rank

__all__ = [
    "condition_level",
    "condition_ranks",
    "fired_rules",
    "kleene",
    "pending_rules",
    "rule_holds",
    "triage",
]


def pending_rules(model: Model, states: Mapping[str, State], above: int) -> list[Rule]:
    """Rules above a triage rank that unanswered questions could still make fire."""
    out = []
    for compiled in model.rules:
        if compiled.rank <= above:
            break
        if all(states.get(f, "unknown") != "unknown" for f in compiled.findings):
            continue
        if compiled.kleene(states) is None:
            out.append(compiled.rule)
    return out


def fired_rules(
    model: Model, states: Mapping[str, State], closed_world: bool = False
) -> list[Rule]:
    """The red-flag rules that hold, most urgent first.

    A rule fires only when its condition is known to hold: a part that needs a finding to be
    absent ("no lift or cough to explain it") holds once that finding is answered "no" (or
    "don't know", which the caller passes as absent). With `closed_world` (a description read
    without questions) a finding the text does not mention counts as absent.
    """
    present = {f for f, s in states.items() if s == "present"}
    # Only rules that a present finding (or none) can make hold need checking.
    check = set(model.untriggered)
    for fid in present:
        check.update(model.rule_triggers.get(fid, ()))
    rules = [model.rules[i] for i in sorted(check)]
    if closed_world:
        return [c.rule for c in rules if c.holds(present)]
    return [c.rule for c in rules if c.kleene(states) is True]


def _pct(p: float) -> str:
    return "less than 1%" if p < 0.01 else f"about {round(p * 100)}%"


def condition_level(model: Model, post: FloatArray, exact: bool = True) -> tuple[int, list[Reason]]:
    """The highest level whose conditions together reach its threshold, and the reasons."""
    for rank in range(len(URGENCIES) - 1, 0, -1):
        members = model.urgency_rank >= rank
        mass = float(post[members].sum())
        if mass < model.threshold[rank]:
            continue
        ranked = np.argsort(-post)
        order = [int(i) for i in ranked[members[ranked]][:3]]
        reasons: list[Reason] = []
        for i in order:
            if post[i] < 0.005 and reasons:
                break
            cond = model.kb.conditions[model.conditions[i]]
            needs = model.kb.settings.triage[cond.urgency].label.lower()
            how = f" ({_pct(float(post[i]))})" if exact else ""
            reasons.append(
                Reason(
                    kind="condition",
                    id=cond.id,
                    level=cond.urgency,
                    text=f"{cond.name} is possible{how}; it needs you to {needs}.",
                )
            )
        return rank, reasons
    return 0, []


def condition_ranks(model: Model, posts: FloatArray) -> IntArray:
    """The condition-based triage rank of each row of posteriors (R x C)."""
    mass = posts @ model.urgency_onehot
    at_least = np.cumsum(mass[:, ::-1], axis=1)[:, ::-1]
    reached = at_least >= model.threshold[None, :]
    reached[:, 0] = True
    ranks: IntArray = (len(URGENCIES) - 1 - np.argmax(reached[:, ::-1], axis=1)).astype(np.int64)
    return ranks


def _agrees(rank: int, final: int) -> bool:
    """Whether a reason for `rank` belongs under advice at `final`.

    It does at the same level, or when both are emergencies (a reason to go to the emergency
    department fits under "call an ambulance").
    """
    return rank == final or min(rank, final) >= EMERGENCY_RANK


def triage(
    model: Model,
    rules: Sequence[Rule],
    post: FloatArray,
    alternatives: FloatArray | None = None,
) -> Triage:
    """The level of care: never lower than any red-flag rule that fired (`rules`).

    `alternatives` are posteriors computed with some reported warning signs left out: the
    condition-based level is the highest over all of them, so that reporting a warning sign
    can never make the advice less urgent.
    """
    flag_rank = urgency_rank(rules[0].level) if rules else 0
    cond_rank, cond_reasons = condition_level(model, post)
    if alternatives is not None and len(alternatives):
        ranks = condition_ranks(model, alternatives)
        best = int(np.argmax(ranks))
        if ranks[best] > cond_rank:
            cond_rank, cond_reasons = condition_level(model, alternatives[best], exact=False)
    final = max(flag_rank, cond_rank)
    level = URGENCIES[final]
    # One message: only the reasons that call for this level (a lower one would contradict it).
    warnings = tuple(Reason(kind="red_flag", id=r.id, level=r.level, text=r.reason) for r in rules)
    reasons = [w for w in warnings if _agrees(urgency_rank(w.level), final)]
    if _agrees(cond_rank, final):
        reasons.extend(cond_reasons)
    if not reasons:
        reasons.append(
            Reason(
                kind="default",
                id="no_warning_signs",
                level="self_care",
                text="No warning sign was reported and the likely causes can be cared for at home.",
            )
        )
    settings = model.kb.settings.triage[level]
    return Triage(
        level=level,
        label=settings.label,
        headline=settings.headline,
        advice=settings.advice,
        reasons=tuple(reasons),
        red_flag=flag_rank > 0 and flag_rank >= cond_rank,
        warnings=warnings,
    )
