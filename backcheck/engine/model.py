"""Compile a knowledge base into read-only numpy arrays the engine computes with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

import numpy as np
from numpy.typing import NDArray

from backcheck.engine.rules import Holds, Kleene, compile_holds, compile_kleene, rule_holds
from backcheck.knowledge import URGENCIES, KnowledgeBase, Rule, rule_findings, urgency_rank

__all__ = ["AGE_BANDS", "CompiledRule", "Model", "OneGroup", "compile_model"]

#: Age bands as (finding id, lowest age, highest age).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("age_under_18", 0, 17),
    ("age_18_29", 18, 29),
    ("age_30_44", 30, 44),
    ("age_45_59", 45, 59),
    ("age_60_74", 60, 74),
    ("age_75_plus", 75, 120),
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


#: Any numpy array type: `_frozen` hands back the very type it was given.
ArrayT = TypeVar("ArrayT", bound=np.ndarray[Any, Any])


def _frozen(array: ArrayT) -> ArrayT:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class OneGroup:
    """An exclusive group: option columns and per-condition categorical log-probabilities."""

    id: str
    index: IntArray
    log_cat: FloatArray
    log_bg: FloatArray
    log_silent: FloatArray | None = None

    @property
    def cat(self) -> FloatArray:
        """P(option | condition), each row summing to 1."""
        return np.exp(self.log_cat)


class CompiledRule(NamedTuple):
    """A red-flag rule with its rank, the findings it mentions and its checks compiled.

    `triggers` are the findings at least one of which must be present for the rule to hold
    (those not under a `not`), or None when it can hold without any present.
    """

    rule: Rule
    rank: int
    findings: frozenset[str]
    kleene: Kleene
    holds: Holds
    triggers: frozenset[str] | None


def _compile_rule(rule: Rule, rank: int) -> CompiledRule:
    holds = compile_holds(rule.when)
    # The rule is monotone in its literals: if it does not hold with every finding absent
    # (each negated part at its truest), it needs one of its positive findings present.
    triggers = None if holds(()) else frozenset(rule_findings(rule.when, negated=False))
    return CompiledRule(
        rule,
        rank,
        frozenset(rule_findings(rule.when)),
        compile_kleene(rule.when),
        holds,
        triggers,
    )


@dataclass(frozen=True, eq=False)
class Model:
    """The knowledge base as arrays: C conditions by F findings.

    `log_p_t` and `log_q_t` are `log_p` and `log_q` transposed (F x C, rows contiguous), so
    that the few findings known in an interview are summed without reading the whole matrix.
    `urgency_onehot` (C x levels) marks each condition's triage level. `rule_triggers` lists,
    for each finding, the rules (positions in `rules`) its presence can make hold, and
    `untriggered` the rules that can hold without any finding present. `one_of` gives each
    finding's exclusive group (its index in `one_groups`, -1 for none) and `one_position` its
    position among that group's options.
    """

    kb: KnowledgeBase
    conditions: tuple[str, ...]
    findings: tuple[str, ...]
    c_index: Mapping[str, int]
    f_index: Mapping[str, int]
    log_prior: FloatArray
    p: FloatArray
    log_p: FloatArray
    log_q: FloatArray
    background: FloatArray
    binary: BoolArray
    one_groups: tuple[OneGroup, ...]
    group_of: Mapping[str, str]
    urgency_rank: IntArray
    threshold: FloatArray
    red_flag_findings: frozenset[str]
    log_silent: FloatArray
    rules: tuple[CompiledRule, ...]
    log_p_t: FloatArray
    log_q_t: FloatArray
    urgency_onehot: FloatArray
    one_of: IntArray
    one_position: IntArray
    rule_triggers: Mapping[str, tuple[int, ...]]
    untriggered: tuple[int, ...]


def compile_model(kb: KnowledgeBase) -> Model:
    """Build the arrays once per process from a validated knowledge base."""
    conditions = tuple(kb.conditions)
    findings = tuple(kb.findings)
    c_index = {cid: i for i, cid in enumerate(conditions)}
    f_index = {fid: j for j, fid in enumerate(findings)}
    background = np.array([kb.findings[f].background.p for f in findings], dtype=np.float64)
    p = np.tile(background, (len(conditions), 1))
    prior = np.empty(len(conditions), dtype=np.float64)
    for i, cid in enumerate(conditions):
        cond = kb.conditions[cid]
        for fid, num in {**cond.findings, **cond.risk}.items():
            p[i, f_index[fid]] = num.p
        weight = cond.prior.weight if cond.prior is not None else 1.0
        prior[i] = kb.settings.rarity[cond.rarity].weight * weight
    prior /= prior.sum()

    group_of: dict[str, str] = {}
    binary = np.ones(len(findings), dtype=np.bool_)
    one_groups: list[OneGroup] = []
    for group in kb.groups.values():
        for option in group.options:
            group_of[option] = group.id
        if group.select != "one":
            continue
        index = np.array([f_index[o] for o in group.options], dtype=np.int64)
        binary[index] = False
        sub = p[:, index]
        cat = sub / sub.sum(axis=1, keepdims=True)
        bg = background[index] / background[index].sum()
        # Options people say unprompted when true ("it came on suddenly"): when a description
        # names none of them, P(silent | condition) = 1 - sum over options of salience x P.
        said = np.array([s.p if (s := kb.findings[o].salience) else 0.0 for o in group.options])
        silent = np.log(np.clip(1.0 - cat @ said, 1e-9, None)) if said.any() else None
        one_groups.append(
            OneGroup(
                id=group.id,
                index=_frozen(index),
                log_cat=_frozen(np.log(cat)),
                log_bg=_frozen(np.log(bg)),
                log_silent=None if silent is None else _frozen(silent),
            )
        )
    salience = np.array(
        [
            (kb.findings[f].salience or kb.settings.salience[kb.findings[f].kind]).p
            if binary[j]
            else 0.0
            for j, f in enumerate(findings)
        ],
        dtype=np.float64,
    )
    ranks = np.array([urgency_rank(kb.conditions[c].urgency) for c in conditions], dtype=np.int64)
    threshold = np.array([kb.settings.triage[u].threshold for u in URGENCIES], dtype=np.float64)
    onehot = np.zeros((len(conditions), len(URGENCIES)))
    onehot[np.arange(len(conditions)), ranks] = 1.0
    log_p, log_q = np.log(p), np.log1p(-p)
    one_of = np.full(len(findings), -1, dtype=np.int64)
    one_position = np.full(len(findings), -1, dtype=np.int64)
    for g, one in enumerate(one_groups):
        one_of[one.index] = g
        one_position[one.index] = np.arange(len(one.index))
    rules = tuple(
        sorted(
            (_compile_rule(rule, urgency_rank(rule.level)) for rule in kb.rules),
            key=lambda item: -item.rank,
        )
    )
    triggers: dict[str, list[int]] = {}
    for i, compiled in enumerate(rules):
        for fid in compiled.triggers or ():
            triggers.setdefault(fid, []).append(i)
    return Model(
        kb=kb,
        conditions=conditions,
        findings=findings,
        c_index=MappingProxyType(c_index),
        f_index=MappingProxyType(f_index),
        log_prior=_frozen(np.log(prior)),
        p=_frozen(p),
        log_p=_frozen(log_p),
        log_q=_frozen(log_q),
        log_p_t=_frozen(np.ascontiguousarray(log_p.T)),
        log_q_t=_frozen(np.ascontiguousarray(log_q.T)),
        urgency_onehot=_frozen(onehot),
        one_of=_frozen(one_of),
        one_position=_frozen(one_position),
        background=_frozen(background),
        binary=_frozen(binary),
        one_groups=tuple(one_groups),
        group_of=MappingProxyType(group_of),
        urgency_rank=_frozen(ranks),
        threshold=_frozen(threshold),
        log_silent=_frozen(np.log1p(-p * salience)),
        rules=rules,
        rule_triggers=MappingProxyType({f: tuple(ids) for f, ids in triggers.items()}),
        untriggered=tuple(i for i, c in enumerate(rules) if c.triggers is None),
        red_flag_findings=_warning_signs(kb),
    )


def _warning_signs(kb: KnowledgeBase) -> frozenset[str]:
    """Findings that fire a red-flag rule on their own (fever, chest pain; not a mere age band)."""
    return frozenset(
        f
        for rule in kb.rules
        for f in rule_findings(rule.when, negated=False)
        if rule_holds(rule.when, {f})
    )
