"""Evaluating red-flag rule conditions: two-valued (fired?) and three-valued (could it still?)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from backcheck.engine.types import State
from backcheck.knowledge.schema import AllOf, AnyOf, When

__all__ = ["kleene", "rule_holds"]


def rule_holds(when: When, present: Collection[str]) -> bool:
    """Whether a rule condition holds, given the findings known to be present.

    >>> rule_holds("fever", {"fever"}), rule_holds("fever", set())
    (True, False)
    """
    if isinstance(when, str):
        return when in present
    if isinstance(when, AllOf):
        return all(rule_holds(part, present) for part in when.all)
    if isinstance(when, AnyOf):
        return any(rule_holds(part, present) for part in when.any)
    return not rule_holds(when.not_, present)


def kleene(when: When, states: Mapping[str, State]) -> bool | None:
    """Three-valued truth of a rule condition: True, False, or None when answers are missing.

    >>> kleene(AllOf(all=["fever", "chills"]), {"fever": "present"}) is None
    True
    >>> kleene(AllOf(all=["fever", "chills"]), {"fever": "absent"})
    False
    """
    if isinstance(when, str):
        state = states.get(when, "unknown")
        return True if state == "present" else False if state == "absent" else None
    if isinstance(when, AllOf):
        parts = [kleene(part, states) for part in when.all]
        if any(v is False for v in parts):
            return False
        return True if all(v is True for v in parts) else None
    if isinstance(when, AnyOf):
        parts = [kleene(part, states) for part in when.any]
        if any(v is True for v in parts):
            return True
        return False if all(v is False for v in parts) else None
    inner = kleene(when.not_, states)
    return None if inner is None else not inner
