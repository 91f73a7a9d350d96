"""Read the knowledge-base YAML into validated models, naming file, entry and field on error."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from backcheck.errors import KnowledgeError
from backcheck.knowledge.schema import Condition, Finding, Group, Rule, Settings, Source

__all__ = ["KBError", "KnowledgeBase", "default_root", "read_kb"]

M = TypeVar("M", bound=BaseModel)


class KBError(KnowledgeError):
    """The knowledge base is malformed; `problems` lists every problem found, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"knowledge base has {len(problems)} problem(s):\n{shown}{more}")


@dataclass(frozen=True)
class KnowledgeBase:
    """The whole knowledge base, validated and read-only."""

    sources: Mapping[str, Source]
    findings: Mapping[str, Finding]
    groups: Mapping[str, Group]
    conditions: Mapping[str, Condition]
    rules: tuple[Rule, ...]
    settings: Settings
    version: str
    origin: Mapping[str, str] = field(default_factory=dict)

    def group_of(self, finding_id: str) -> Group | None:
        """The group a finding is asked in, if any."""
        for group in self.groups.values():
            if finding_id in group.options:
                return group
        return None


try:  # the C parser (libyaml) where PyYAML has it: about ten times faster
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _UniqueKeyLoader(_SafeLoader):
    """A safe YAML loader that refuses duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen[key] = loader.construct_object(value_node, deep=True)
    return seen


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def default_root() -> Traversable:
    """The knowledge base shipped inside the package."""
    return resources.files("backcheck") / "kb"


def _parse(text: str, name: str, problems: list[str]) -> Any:
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        problems.append(f"{name}: not valid YAML: {exc}".replace("\n", " "))
        return None


def _fmt_loc(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(entry)"


def _validate(model: type[M], data: Any, name: str, entry: str, problems: list[str]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(f"{name}: {entry}: {_fmt_loc(err['loc'])}: {err['msg']}")
        return None


def _entry_name(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"'{item['id']}'"
    return f"entry #{index + 1}"


def _read_list(
    model: type[M], text: str, name: str, problems: list[str], origin: dict[str, str]
) -> Iterator[M]:
    data = _parse(text, name, problems)
    if data is None:
        return
    if not isinstance(data, list):
        problems.append(f"{name}: expected a list of entries, got {type(data).__name__}")
        return
    for index, item in enumerate(data):
        entry = _entry_name(item, index)
        obj = _validate(model, item, name, entry, problems)
        if obj is not None:
            yield obj
            origin[f"{model.__name__.lower()}:{getattr(obj, 'id', entry)}"] = name


def _files(root: Traversable, sub: str) -> list[Traversable]:
    folder = root / sub
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


def _add_unique(
    kind: str, items: Iterator[Any], target: dict[str, Any], name: str, problems: list[str]
) -> None:
    for item in items:
        if item.id in target:
            problems.append(f"{name}: {kind} '{item.id}': id is defined twice")
        else:
            target[item.id] = item


def read_kb(root: Traversable | Path | None = None) -> tuple[KnowledgeBase | None, list[str]]:
    """Read and schema-validate every file; return the base (None if unreadable) and problems."""
    base: Traversable = default_root() if root is None else root
    if isinstance(base, Path) and not base.is_dir():
        return None, [f"{base}: not a directory"]
    problems: list[str] = []
    origin: dict[str, str] = {}
    digest = hashlib.sha256()

    def text_of(file: Traversable, name: str) -> str:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            problems.append(f"{name}: cannot be read: {exc}")
            return ""
        digest.update(name.encode() + b"\0" + raw + b"\0")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{name}: is not UTF-8 text")
            return ""

    def required(name: str) -> str | None:
        file = base / name
        if not file.is_file():
            problems.append(f"{name}: missing")
            return None
        return text_of(file, name)

    sources: dict[str, Source] = {}
    findings: dict[str, Finding] = {}
    groups: dict[str, Group] = {}
    conditions: dict[str, Condition] = {}
    rules: dict[str, Rule] = {}
    settings: Settings | None = None

    for file in _files(base, "sources"):
        name = f"sources/{file.name}"
        items = _read_list(Source, text_of(file, name), name, problems, origin)
        _add_unique("source", items, sources, name, problems)
    if not sources:
        problems.append("sources/: no sources")
    if (text := required("groups.yaml")) is not None:
        items_g = _read_list(Group, text, "groups.yaml", problems, origin)
        _add_unique("group", items_g, groups, "groups.yaml", problems)
    if (text := required("red_flags.yaml")) is not None:
        items_r = _read_list(Rule, text, "red_flags.yaml", problems, origin)
        _add_unique("rule", items_r, rules, "red_flags.yaml", problems)
    if (text := required("settings.yaml")) is not None:
        data = _parse(text, "settings.yaml", problems)
        if data is not None:
            settings = _validate(Settings, data, "settings.yaml", "settings", problems)

    finding_files = _files(base, "findings")
    if not finding_files:
        problems.append("findings/: no .yaml files")
    for file in finding_files:
        name = f"findings/{file.name}"
        items_f = _read_list(Finding, text_of(file, name), name, problems, origin)
        _add_unique("finding", items_f, findings, name, problems)

    condition_files = _files(base, "conditions")
    if not condition_files:
        problems.append("conditions/: no .yaml files")
    for file in condition_files:
        name = f"conditions/{file.name}"
        data = _parse(text_of(file, name), name, problems)
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(
                f"{name}: expected one condition (a mapping), got {type(data).__name__}"
            )
            continue
        entry = _entry_name(data, 0)
        cond = _validate(Condition, data, name, f"condition {entry}", problems)
        if cond is None:
            continue
        if cond.id != file.name.removesuffix(".yaml"):
            problems.append(f"{name}: condition '{cond.id}': id: must match the file name")
        if cond.id in conditions:
            problems.append(f"{name}: condition '{cond.id}': id is defined twice")
            continue
        conditions[cond.id] = cond
        origin[f"condition:{cond.id}"] = name

    if settings is None:
        return None, problems
    kb = KnowledgeBase(
        sources=sources,
        findings=findings,
        groups=groups,
        conditions=conditions,
        rules=tuple(rules.values()),
        settings=settings,
        version=digest.hexdigest()[:12],
        origin=origin,
    )
    return kb, problems
