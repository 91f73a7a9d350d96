"""Time-based advice from a pain diary: the rules of kb/diary.yaml applied to its entries (pure).

Day 0 is the day the diary was started. Every rule that holds on the recorded days gives one
item of advice, the most urgent first; `improving` counts only when no other rule holds, and
the `keep_going` message stands in when none does. A warning sign is at least the warning-sign
rule's level, and higher when the knowledge base's red-flag rules ask for more (for example
an ambulance for a tearing pain).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from backcheck.engine.rules import rule_holds
from backcheck.knowledge import KnowledgeBase, finding_phrase, urgency_rank
from backcheck.knowledge.diary import (
    DiaryKnowledge,
    DiaryRule,
    ImprovingRule,
    NightPainRule,
    NotBetterRule,
    PersistingRule,
    WarningSignRule,
    WorseningRule,
)

__all__ = ["Advice", "AdviceItem", "DayRecord", "advise", "warning_level"]


@dataclass(frozen=True)
class DayRecord:
    """What the rules read from one entry: its day (0 = the diary's first), pain and signs."""

    day: int
    pain: int
    sleep_broken: bool = False
    warning_signs: tuple[str, ...] = ()


@dataclass(frozen=True)
class AdviceItem:
    """One rule that holds (or the keep-going message): what to do and what it rests on."""

    rule_id: str
    kind: str
    level: str
    title: str
    advice: str
    detail: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    """The diary's advice now: its level (the most urgent item's) and every item."""

    level: str
    items: tuple[AdviceItem, ...]

    @property
    def emergency(self) -> bool:
        """Whether a warning sign calls for emergency care at once."""
        return any(item.kind == "warning_sign" for item in self.items)


def warning_level(kb: KnowledgeBase, floor: str, signs: Sequence[str]) -> tuple[str, list[str]]:
    """The level warning signs call for (at least `floor`) and the red-flag reasons for it."""
    fired = [rule for rule in kb.rules if rule_holds(rule.when, set(signs))]
    level = max([floor, *(r.level for r in fired)], key=urgency_rank)
    reasons = list(dict.fromkeys(r.reason for r in fired if r.level == level))
    return level, reasons


def _scores(records: Sequence[DayRecord]) -> str:
    return ", ".join(str(r.pain) for r in records)


def _holds(
    rule: DiaryRule, records: Sequence[DayRecord], pain_days_before: int, kb: KnowledgeBase
) -> tuple[str, str] | None:
    """(level, detail) when the rule holds on the records, else None."""
    first, latest = records[0], records[-1]
    if isinstance(rule, WarningSignRule):
        if not latest.warning_signs:
            return None
        level, reasons = warning_level(kb, rule.level, latest.warning_signs)
        ticked = "; ".join(finding_phrase(kb.findings[f], "present") for f in latest.warning_signs)
        return level, " ".join([f"You ticked: {ticked}.", *reasons])
    if isinstance(rule, WorseningRule):
        if len(records) < 2 or latest.pain - first.pain < rule.rise.value:
            return None
        return rule.level, f"Your pain went from {first.pain} to {latest.pain} out of 10."
    if isinstance(rule, NightPainRule):
        recent = [r for r in records if r.day > latest.day - rule.within_days.value]
        nights = sum(r.sleep_broken for r in recent)
        if nights < rule.nights.value:
            return None
        return rule.level, (
            f"Pain broke your sleep on {nights} of the nights recorded in the last "
            f"{rule.within_days.value} days."
        )
    if isinstance(rule, NotBetterRule):
        needed = Fraction(str(rule.drop.value)) * first.pain
        if latest.day < rule.days.value or latest.pain == 0 or first.pain - latest.pain >= needed:
            return None
        return rule.level, (
            f"On day {latest.day} of the diary your pain is {latest.pain} out of 10; it was "
            f"{first.pain} on the first day you recorded."
        )
    if isinstance(rule, PersistingRule):
        days = pain_days_before + latest.day
        if days < rule.days.value or latest.pain == 0:
            return None
        return rule.level, f"You have had this pain for at least {days} days."
    assert isinstance(rule, ImprovingRule)
    last = records[-rule.entries.value :]
    steady = all(b.pain <= a.pain for a, b in pairwise(last))
    if len(records) < rule.entries.value or not steady or last[-1].pain >= last[0].pain:
        return None
    return rule.level, f"Your last {len(last)} scores: {_scores(last)} out of 10."


def advise(
    diary: DiaryKnowledge,
    kb: KnowledgeBase,
    records: Sequence[DayRecord],
    pain_days_before: int = 0,
) -> Advice:
    """The advice for a diary's entries (oldest day first).

    >>> from backcheck.knowledge import load_kb
    >>> from backcheck.knowledge.diary import load_diary
    >>> kb = load_kb()
    >>> diary = load_diary(kb)
    >>> advice = advise(diary, kb, [DayRecord(0, 6), DayRecord(7, 6)])
    >>> advice.level, [item.rule_id for item in advice.items]
    ('consultation', ['not_better_after_a_week'])
    """
    records = sorted(records, key=lambda r: r.day)
    items: list[AdviceItem] = []
    if records:
        for rule in sorted(diary.rules, key=lambda r: r.kind == "improving"):
            if rule.kind == "improving" and items:
                continue
            held = _holds(rule, records, pain_days_before, kb)
            if held is not None:
                level, detail = held
                items.append(
                    AdviceItem(
                        rule.id, rule.kind, level, rule.title, rule.advice, detail,
                        tuple(rule.sources),
                    )
                )  # fmt: skip
    if not items:
        keep = diary.keep_going
        items.append(AdviceItem("keep_going", "keep_going", "self_care", keep.title,
                                keep.advice, "", ()))  # fmt: skip
    items.sort(key=lambda item: -urgency_rank(item.level))
    return Advice(items[0].level, tuple(items))
