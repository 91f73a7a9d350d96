"""Every module declares its public surface with `__all__`, and every public name is documented."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
import typer
from fastapi import APIRouter

import backcheck

SKIP = {"backcheck.__main__", "backcheck.storage.migrations.env"}


def registered_handlers(module: object) -> set[object]:
    """Route and command functions: reached through their router or app, not imported."""
    out: set[object] = set()
    for value in vars(module).values():
        if isinstance(value, APIRouter):
            out |= {getattr(route, "endpoint", None) for route in value.routes}
        elif isinstance(value, typer.Typer):
            out |= {command.callback for command in value.registered_commands}
    return out


def modules() -> list[str]:
    names = ["backcheck"]
    for info in pkgutil.walk_packages(backcheck.__path__, "backcheck."):
        if info.name in SKIP or ".migrations" in info.name:
            continue
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", modules())
def test_module_declares_and_documents_its_public_names(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} does not declare __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ lists a name twice"
    for attr in exported:
        assert hasattr(module, attr), f"{name}.__all__ lists {attr!r}, which does not exist"
        value = getattr(module, attr)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), f"{name}.{attr} has no docstring"
    handlers = registered_handlers(module)
    defined_here = [
        n for n, v in vars(module).items()
        if not n.startswith("_")
        and (inspect.isfunction(v) or inspect.isclass(v))
        and getattr(v, "__module__", None) == name
        and v not in handlers
    ]  # fmt: skip
    missing = sorted(set(defined_here) - set(exported))
    assert not missing, f"{name} defines public {missing} without listing them in __all__"
