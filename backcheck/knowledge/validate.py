"""Cross-reference checks over a schema-valid knowledge base, and its summary counts."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from backcheck.knowledge.reader import KnowledgeBase, read_kb
from backcheck.knowledge.schema import (
    URGENCIES,
    AllOf,
    AnyOf,
    Condition,
    Number,
    Weight,
    When,
)

__all__ = ["MIN_FINDINGS_PER_CONDITION", "CheckReport", "check_kb", "rule_findings"]

#: Every condition must be reachable through at least this many findings.
MIN_FINDINGS_PER_CONDITION = 5
ALWAYS_MIN = 0.9
NEVER_MAX = 0.1
SYMPTOM_KINDS = ("symptom", "sign")
RISK_KINDS = ("risk_factor", "history", "demographic")


@dataclass(frozen=True)
class CheckReport:
    """The result of `check_kb`: problems (errors), warnings and counts."""

    kb: KnowledgeBase | None
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    summary: dict[str, dict[str, int]]

    @property
    def ok(self) -> bool:
        """True when there is no problem (warnings are allowed)."""
        return not self.problems


def rule_findings(when: When, negated: bool | None = None) -> Iterator[str]:
    """Finding ids a rule condition mentions (all, or only those under a `not` or not under one).

    `negated=True` gives the ids under a `not`, `negated=False` the others.

    >>> from backcheck.knowledge.schema import AllOf, NotOf
    >>> when = AllOf(all=["fever", NotOf(**{"not": "flu_like_aches"})])
    >>> list(rule_findings(when)), list(rule_findings(when, negated=False))
    (['fever', 'flu_like_aches'], ['fever'])
    """
    for fid, neg in _walk(when, False):
        if negated is None or neg == negated:
            yield fid


def _walk(when: When, negated: bool) -> Iterator[tuple[str, bool]]:
    if isinstance(when, str):
        yield when, negated
    elif isinstance(when, AllOf):
        for part in when.all:
            yield from _walk(part, negated)
    elif isinstance(when, AnyOf):
        for part in when.any:
            yield from _walk(part, negated)
    else:
        yield from _walk(when.not_, not negated)


def _numbers(cond: Condition) -> Iterator[tuple[str, Number | Weight]]:
    if cond.prior is not None:
        yield "prior", cond.prior
    for fid, num in cond.findings.items():
        yield f"findings.{fid}", num
    for fid, num in cond.risk.items():
        yield f"risk.{fid}", num


def _check_conditions(kb: KnowledgeBase, problems: list[str]) -> None:
    for cond in kb.conditions.values():
        where = f"{kb.origin.get('condition:' + cond.id, cond.id)}: condition '{cond.id}'"
        overlap = set(cond.findings) & set(cond.risk)
        for fid in sorted(overlap):
            problems.append(f"{where}: {fid}: listed in both `findings` and `risk`")
        for section, kinds, table in (
            ("findings", SYMPTOM_KINDS, cond.findings),
            ("risk", RISK_KINDS, cond.risk),
        ):
            for fid in table:
                finding = kb.findings.get(fid)
                if finding is None:
                    problems.append(f"{where}: {section}.{fid}: no such finding")
                elif finding.kind not in kinds:
                    problems.append(
                        f"{where}: {section}.{fid}: a {finding.kind} belongs in "
                        f"`{'risk' if section == 'findings' else 'findings'}`"
                    )
        table = {**cond.findings, **cond.risk}
        for fid in cond.always:
            num = table.get(fid)
            if num is None:
                problems.append(f"{where}: always.{fid}: must also be listed with its p")
            elif num.p < ALWAYS_MIN:
                problems.append(f"{where}: always.{fid}: p is {num.p}, must be >= {ALWAYS_MIN}")
        for fid in cond.never:
            num = table.get(fid)
            if num is None:
                problems.append(f"{where}: never.{fid}: must also be listed with its p")
            elif num.p > NEVER_MAX:
                problems.append(f"{where}: never.{fid}: p is {num.p}, must be <= {NEVER_MAX}")
        if len(cond.findings) < MIN_FINDINGS_PER_CONDITION:
            problems.append(
                f"{where}: findings: {len(cond.findings)} listed, needs at least "
                f"{MIN_FINDINGS_PER_CONDITION} to be reachable"
            )
        for label, value in _numbers(cond):
            if value.source is not None and value.source not in kb.sources:
                problems.append(f"{where}: {label}.source: no such source '{value.source}'")
        for sid in cond.sources:
            if sid not in kb.sources:
                problems.append(f"{where}: sources: no such source '{sid}'")
        for group in kb.groups.values():
            if group.select != "one":
                continue
            total = sum(table[o].p for o in group.options if o in table)
            if total > 1.05:
                problems.append(
                    f"{where}: the options of group '{group.id}' are exclusive but their p "
                    f"add up to {total:.2f} (> 1)"
                )


def _check_findings_and_groups(kb: KnowledgeBase, problems: list[str]) -> None:
    for finding in kb.findings.values():
        for label, number in (("background", finding.background), ("salience", finding.salience)):
            src = number.source if number is not None else None
            if src is not None and src not in kb.sources:
                where = kb.origin.get("finding:" + finding.id, "findings")
                problems.append(
                    f"{where}: finding '{finding.id}': {label}.source: no such source '{src}'"
                )
        if finding.id in kb.groups:
            problems.append(f"groups.yaml: group '{finding.id}': id is also a finding id")
        for implied in finding.implies:
            if implied not in kb.findings or implied == finding.id:
                where = kb.origin.get("finding:" + finding.id, "findings")
                problems.append(
                    f"{where}: finding '{finding.id}': implies: no such other finding '{implied}'"
                )
    owner: dict[str, str] = {}
    for group in kb.groups.values():
        for option in group.options:
            if option not in kb.findings:
                problems.append(
                    f"groups.yaml: group '{group.id}': options: no such finding '{option}'"
                )
            elif option in owner:
                problems.append(
                    f"groups.yaml: group '{group.id}': options: '{option}' is already in "
                    f"group '{owner[option]}'"
                )
            else:
                owner[option] = group.id
        if len(set(group.options)) != len(group.options):
            problems.append(f"groups.yaml: group '{group.id}': options: listed twice")
        if group.select == "one":
            total = sum(kb.findings[o].background.p for o in group.options if o in kb.findings)
            if not 0.9 <= total <= 1.1:
                problems.append(
                    f"groups.yaml: group '{group.id}': exclusive options' background p add up "
                    f"to {total:.2f}; they should cover every case (about 1)"
                )


def _check_rules(kb: KnowledgeBase, problems: list[str]) -> None:
    positive = {f for rule in kb.rules for f in rule_findings(rule.when, negated=False)}
    for rule in kb.rules:
        for fid in rule_findings(rule.when, negated=True):
            if fid in positive:
                problems.append(
                    f"red_flags.yaml: rule '{rule.id}': when: '{fid}' is under `not` here but "
                    "raises triage in a rule; reporting a warning sign must never lower triage"
                )
        for fid in rule_findings(rule.when):
            if fid not in kb.findings:
                problems.append(f"red_flags.yaml: rule '{rule.id}': when: no such finding '{fid}'")
        for cid in rule.conditions:
            if cid not in kb.conditions:
                problems.append(
                    f"red_flags.yaml: rule '{rule.id}': conditions: no such condition '{cid}'"
                )
        for sid in rule.sources:
            if sid not in kb.sources:
                problems.append(
                    f"red_flags.yaml: rule '{rule.id}': sources: no such source '{sid}'"
                )


def _check_settings(kb: KnowledgeBase, problems: list[str]) -> None:
    for lower, higher in itertools.pairwise(URGENCIES):
        if kb.settings.triage[higher].threshold > kb.settings.triage[lower].threshold:
            problems.append(
                f"settings.yaml: triage.{higher}.threshold: must not exceed that of {lower} "
                "(the more dangerous, the lower the threshold)"
            )
    scope = kb.settings.scope
    group = kb.groups.get(scope.location_group)
    if group is None:
        problems.append(
            f"settings.yaml: scope.location_group: no such group '{scope.location_group}'"
        )
    else:
        for fid in scope.outside:
            if fid not in group.options:
                problems.append(
                    f"settings.yaml: scope.outside: '{fid}' is not an option of "
                    f"'{scope.location_group}'"
                )
    for src in kb.settings.children.sources:
        if src not in kb.sources:
            problems.append(f"settings.yaml: children.sources: no such source '{src}'")
    for rarity, weight in kb.settings.rarity.items():
        if weight.source is not None and weight.source not in kb.sources:
            problems.append(
                f"settings.yaml: rarity.{rarity}.source: no such source '{weight.source}'"
            )


def _warnings(kb: KnowledgeBase) -> list[str]:
    used: set[str] = set()
    for cond in kb.conditions.values():
        used.update(cond.findings, cond.risk)
    for rule in kb.rules:
        used.update(rule_findings(rule.when))
    return [
        f"{kb.origin.get('finding:' + fid, 'findings')}: finding '{fid}' is used by no condition "
        "and no rule"
        for fid in kb.findings
        if fid not in used
    ]


def _summary(kb: KnowledgeBase) -> dict[str, dict[str, int]]:
    numbers = Counter[str]()
    for cond in kb.conditions.values():
        for _, num in _numbers(cond):
            numbers["sourced" if num.source else "estimate"] += 1
    for finding in kb.findings.values():
        numbers["sourced" if finding.background.source else "estimate"] += 1
    return {
        "conditions": dict(Counter(c.category for c in kb.conditions.values()))
        | {"total": len(kb.conditions)},
        "urgency": dict(Counter(c.urgency for c in kb.conditions.values())),
        "rarity": dict(Counter(c.rarity for c in kb.conditions.values())),
        "findings": dict(Counter(f.kind for f in kb.findings.values()))
        | {"total": len(kb.findings)},
        "groups": dict(Counter(g.select for g in kb.groups.values())) | {"total": len(kb.groups)},
        "red_flags": dict(Counter(r.level for r in kb.rules)) | {"total": len(kb.rules)},
        "sources": dict(Counter(s.kind for s in kb.sources.values())) | {"total": len(kb.sources)},
        "numbers": dict(numbers) | {"total": sum(numbers.values())},
    }


def check_kb(root: Traversable | Path | None = None) -> CheckReport:
    """Validate the whole knowledge base: schema, references, probabilities and provenance."""
    kb, problems = read_kb(root)
    if kb is None:
        return CheckReport(None, tuple(problems), (), {})
    _check_findings_and_groups(kb, problems)
    _check_conditions(kb, problems)
    _check_rules(kb, problems)
    _check_settings(kb, problems)
    return CheckReport(kb, tuple(problems), tuple(_warnings(kb)), _summary(kb))
