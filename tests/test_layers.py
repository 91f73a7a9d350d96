"""The import rules of docs/architecture.md, enforced by parsing every module's imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "backcheck"

# layer -> the backcheck layers it may import (itself is always allowed)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "knowledge": {"errors"},
    "engine": {"knowledge", "errors"},
    "language": {"knowledge", "errors"},
    "interview": {"knowledge", "engine", "errors"},
    "evaluation": {"knowledge", "engine", "language", "interview", "errors"},
    "storage": {"knowledge", "config", "errors"},
    "service": {"knowledge", "engine", "language", "interview", "storage", "config", "errors"},
    "http": {"service", "knowledge", "engine", "interview", "config", "errors", "logs"},
    "api": {"http", "service", "knowledge", "engine", "interview", "config", "errors"},
    "web": {"http", "service", "knowledge", "engine", "interview", "config", "errors"},
    "cli": {
        "service",
        "knowledge",
        "engine",
        "language",
        "interview",
        "evaluation",
        "config",
        "errors",
    },
    "config": {"errors"},
    "logs": set(),
    "app": {"api", "web", "http", "service", "config", "errors"},
    "__init__": set(),
    "__main__": {"cli"},
}


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def backcheck_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pytest.fail(f"{path}: relative import on line {node.lineno}; use absolute imports")
            names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "backcheck":
                found.append((node.lineno, parts[1] if len(parts) > 1 else "__init__"))
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_respects_layers(path: Path) -> None:
    layer = layer_of(path)
    assert layer in ALLOWED, (
        f"{layer} is not a known layer: add it to docs/architecture.md and this test"
    )
    allowed = ALLOWED[layer] | {layer, "__init__"}
    bad = [(line, target) for line, target in backcheck_imports(path) if target not in allowed]
    assert not bad, f"{path.relative_to(PACKAGE)} imports forbidden layers: {bad}"


def test_rules_catch_a_forbidden_import(tmp_path: Path) -> None:
    bad = PACKAGE / "engine" / "_probe_forbidden.py"
    try:
        bad.write_text("from backcheck.storage import tables\n", encoding="utf-8")
        imports = backcheck_imports(bad)
        assert imports == [(1, "storage")]
        assert "storage" not in ALLOWED[layer_of(bad)]
    finally:
        bad.unlink()


def test_web_never_imports_the_api() -> None:
    web = PACKAGE / "web"
    for path in sorted(web.rglob("*.py")):
        targets = {target for _, target in backcheck_imports(path)}
        assert "api" not in targets, f"{path.relative_to(PACKAGE)} imports the api layer"
    assert "api" not in ALLOWED["web"]
