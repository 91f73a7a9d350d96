"""Pain-diary knowledge (kb/diary.yaml): entry options and the time-based advice rules.

The rules are data: each has a kind the diary knows how to evaluate, the level of care it calls
for, what to tell the person, its thresholds (each with a `source` or an `estimate`) and the
seeds it rests on. `check_diary` cross-checks them against the rest of the knowledge base.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backcheck.knowledge import (
    EMERGENCY_RANK,
    KBError,
    KnowledgeBase,
    default_root,
    is_emergency,
    rule_findings,
    urgency_rank,
)
from backcheck.knowledge.schema import Id, ShortText, Text, Urgency

__all__ = [
    "DIARY_FILE",
    "RULE_KINDS",
    "Count",
    "DiaryKnowledge",
    "DiaryMessage",
    "DiaryRule",
    "HelpOption",
    "ImprovingRule",
    "NightPainRule",
    "NotBetterRule",
    "PersistingRule",
    "Threshold",
    "WarningSignRule",
    "WorseningRule",
    "check_diary",
    "load_diary",
    "read_diary",
]

#: The file, at the top of the knowledge-base folder.
DIARY_FILE = "diary.yaml"
#: Every kind of rule the diary can evaluate; the file has exactly one rule of each.
RULE_KINDS: tuple[str, ...] = (
    "warning_sign",
    "worsening",
    "night_pain",
    "not_better",
    "persisting",
    "improving",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(_Strict):
    """A number a rule compares with, and where it comes from (a source id or an estimate)."""

    value: float = Field(ge=0.0, le=365.0)
    source: Id | None = None
    where: ShortText | None = None
    note: Text | None = None
    estimate: Text | None = None

    @model_validator(mode="after")
    def _provenance(self) -> Threshold:
        if (self.source is None) == (self.estimate is None):
            raise ValueError("needs exactly one of `source` (a source id) or `estimate` (a reason)")
        return self


class Count(Threshold):
    """A whole number of days, nights or entries, with its provenance."""

    value: int = Field(ge=0, le=365)


class HelpOption(_Strict):
    """One tick of "what helped": an id (stored) and a label (shown)."""

    id: Id
    label: ShortText


class DiaryMessage(_Strict):
    """A headline and what to do."""

    title: ShortText
    advice: Text


class _Rule(DiaryMessage):
    id: Id
    level: Urgency
    sources: list[Id] = Field(min_length=1)


class WarningSignRule(_Rule):
    """Any warning sign in the latest entry: emergency care at once (`level` is the floor)."""

    kind: Literal["warning_sign"]


class WorseningRule(_Rule):
    """The latest score is at least `rise` points above the first entry's."""

    kind: Literal["worsening"]
    rise: Count


class NightPainRule(_Rule):
    """Pain broke the sleep on at least `nights` entries within `within_days` of the latest."""

    kind: Literal["night_pain"]
    nights: Count
    within_days: Count


class NotBetterRule(_Rule):
    """`days` or more into the diary, the pain has not fallen by the fraction `drop`."""

    kind: Literal["not_better"]
    days: Count
    drop: Threshold


class PersistingRule(_Rule):
    """There is still pain `days` or more after it began (days before the check included)."""

    kind: Literal["persisting"]
    days: Count


class ImprovingRule(_Rule):
    """The last `entries` scores never rise and end lower (only when no other rule holds)."""

    kind: Literal["improving"]
    entries: Count


_Rules = WarningSignRule | WorseningRule | NightPainRule | NotBetterRule | PersistingRule
DiaryRule = Annotated[_Rules | ImprovingRule, Field(discriminator="kind")]


class DiaryKnowledge(_Strict):
    """Everything kb/diary.yaml holds."""

    helped: list[HelpOption] = Field(min_length=2)
    helped_sources: list[Id] = Field(min_length=1)
    warning_signs: list[Id] = Field(min_length=1)
    duration_days: dict[Id, Count]
    rules: list[DiaryRule] = Field(min_length=1)
    keep_going: DiaryMessage

    def thresholds(self) -> Iterator[tuple[str, Threshold]]:
        """Every number of the file, named by where it is."""
        for fid, count in self.duration_days.items():
            yield f"duration_days.{fid}", count
        for rule in self.rules:
            for name in ("rise", "nights", "within_days", "days", "drop", "entries"):
                value = getattr(rule, name, None)
                if isinstance(value, Threshold):
                    yield f"rule '{rule.id}': {name}", value


def _problems(error: ValidationError) -> list[str]:
    out = []
    for err in error.errors():
        where = ".".join(str(part) for part in err["loc"]) or "(file)"
        out.append(f"{DIARY_FILE}: {where}: {err['msg']}")
    return out


def read_diary(root: Traversable | Path | None = None) -> tuple[DiaryKnowledge | None, list[str]]:
    """Read and schema-validate diary.yaml; return it (None if unreadable) and the problems."""
    base: Traversable = default_root() if root is None else root
    file = base / DIARY_FILE
    if not file.is_file():
        return None, [f"{DIARY_FILE}: missing"]
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [f"{DIARY_FILE}: not valid YAML: {exc}".replace("\n", " ")]
    try:
        return DiaryKnowledge.model_validate(data), []
    except ValidationError as exc:
        return None, _problems(exc)


def check_diary(kb: KnowledgeBase, diary: DiaryKnowledge) -> list[str]:
    """Cross-check the diary against the knowledge base; one line per problem.

    >>> from backcheck.knowledge import load_kb
    >>> kb = load_kb()
    >>> check_diary(kb, read_diary()[0])
    []
    """
    problems: list[str] = []
    name = DIARY_FILE

    def source(where: str, sid: str) -> None:
        if sid not in kb.sources:
            problems.append(f"{name}: {where}: no such source '{sid}'")

    for sid in diary.helped_sources:
        source("helped_sources", sid)
    for where, value in diary.thresholds():
        if value.source is not None:
            source(where, value.source)
    kinds = Counter[str](rule.kind for rule in diary.rules)
    for kind in RULE_KINDS:
        if kinds[kind] != 1:
            problems.append(f"{name}: rules: needs exactly one rule of kind '{kind}'")
    for id_, count in Counter(rule.id for rule in diary.rules).items():
        if count > 1:
            problems.append(f"{name}: rule '{id_}': id is defined twice")
    for rule in diary.rules:
        for sid in rule.sources:
            source(f"rule '{rule.id}': sources", sid)
        if not any(kb.sources[s].kind == "seed" for s in rule.sources if s in kb.sources):
            problems.append(f"{name}: rule '{rule.id}': sources: cite at least one seed")
        rank = urgency_rank(rule.level)
        if rule.kind == "warning_sign" and rank < EMERGENCY_RANK:
            problems.append(f"{name}: rule '{rule.id}': level: a warning sign needs emergency care")
        if rule.kind == "improving" and rank != 0:
            problems.append(f"{name}: rule '{rule.id}': level: improving means self_care")
        if rule.kind not in ("warning_sign", "improving") and rank == 0:
            problems.append(f"{name}: rule '{rule.id}': level: must be above self_care")
    ids = [option.id for option in diary.helped]
    if len(set(ids)) != len(ids):
        problems.append(f"{name}: helped: an id is listed twice")
    urgent = [r for r in kb.rules if is_emergency(r.level)]
    for fid in diary.warning_signs:
        if fid not in kb.findings:
            problems.append(f"{name}: warning_signs: no such finding '{fid}'")
        elif not any(fid in rule_findings(r.when, negated=False) for r in urgent):
            problems.append(
                f"{name}: warning_signs: '{fid}' is named by no red-flag rule at emergency level"
            )
    for fid in diary.duration_days:
        if fid not in kb.findings:
            problems.append(f"{name}: duration_days: no such finding '{fid}'")
    return problems


def load_diary(kb: KnowledgeBase, root: Traversable | Path | None = None) -> DiaryKnowledge:
    """Read and check diary.yaml, raising `KBError` if anything is wrong."""
    diary, problems = read_diary(root)
    if diary is not None:
        problems += check_diary(kb, diary)
    if diary is None or problems:
        raise KBError(problems)
    return diary
