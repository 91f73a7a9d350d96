"""Compile a knowledge base into read-only numpy arrays the engine computes with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from backcheck.engine.rules import rule_holds
from backcheck.knowledge import URGENCIES, KnowledgeBase, Rule, rule_findings

__all__ = ["AGE_BANDS", "Model", "OneGroup", "compile_model"]

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


@dataclass(frozen=True, eq=False)
class Model:
    """The knowledge base as arrays: C conditions by F findings."""

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
    rules: tuple[tuple[Rule, int, frozenset[str]], ...]


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
    rank = {u: r for r, u in enumerate(URGENCIES)}
    urgency_rank = np.array([rank[kb.conditions[c].urgency] for c in conditions], dtype=np.int64)
    threshold = np.array([kb.settings.triage[u].threshold for u in URGENCIES], dtype=np.float64)
    return Model(
        kb=kb,
        conditions=conditions,
        findings=findings,
        c_index=MappingProxyType(c_index),
        f_index=MappingProxyType(f_index),
        log_prior=_frozen(np.log(prior)),
        p=_frozen(p),
        log_p=_frozen(np.log(p)),
        log_q=_frozen(np.log1p(-p)),
        background=_frozen(background),
        binary=_frozen(binary),
        one_groups=tuple(one_groups),
        group_of=MappingProxyType(group_of),
        urgency_rank=_frozen(urgency_rank),
        threshold=_frozen(threshold),
        log_silent=_frozen(np.log1p(-p * salience)),
        rules=tuple(
            sorted(
                (
                    (rule, rank[rule.level], frozenset(rule_findings(rule.when)))
                    for rule in kb.rules
                ),
                key=lambda item: -item[1],
            )
        ),
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
