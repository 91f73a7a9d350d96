"""Evaluating red-flag rule conditions: two-valued (fired?) and three-valued (could it still?)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import numpy as np
from numpy.typing import NDArray

from backcheck.engine.types import State
from backcheck.knowledge.schema import AllOf, AnyOf, NotOf, When

__all__ = [
    "Holds",
    "Kleene",
    "compile_holds",
    "compile_kleene",
    "holds_probability",
    "kleene",
    "rule_holds",
]


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


#: A compiled `kleene`: states in, True / False / None out.
Kleene = Callable[[Mapping[str, State]], bool | None]
#: A compiled `rule_holds`: the findings present in, whether the rule holds out.
Holds = Callable[[Collection[str]], bool]
_TRUTH: dict[str, bool] = {"present": True, "absent": False}


def compile_kleene(when: When) -> Kleene:
    """`kleene` for one rule condition as a function, walked once instead of at every call.

    >>> check = compile_kleene(AllOf(all=["fever", "chills"]))
    >>> check({"fever": "present"}) is None, check({"fever": "absent"})
    (True, False)
    """
    if isinstance(when, str):
        fid = when
        return lambda states: _TRUTH.get(states.get(fid, "unknown"))
    if isinstance(when, NotOf):
        inner = compile_kleene(when.not_)

        def negation(states: Mapping[str, State]) -> bool | None:
            value = inner(states)
            return None if value is None else not value

        return negation
    parts = tuple(
        compile_kleene(part) for part in (when.all if isinstance(when, AllOf) else when.any)
    )
    # All: any False decides; Any: any True decides. Otherwise None if any part is unknown.
    decisive = not isinstance(when, AllOf)

    def combined(states: Mapping[str, State]) -> bool | None:
        unknown = False
        for part in parts:
            value = part(states)
            if value is None:
                unknown = True
            elif value is decisive:
                return decisive
        return None if unknown else not decisive

    return combined


def compile_holds(when: When) -> Holds:
    """`rule_holds` for one rule condition as a function.

    >>> compile_holds(AnyOf(any=["fever", "chills"]))({"chills"})
    True
    """
    if isinstance(when, str):
        fid = when
        return lambda present: fid in present
    if isinstance(when, NotOf):
        inner = compile_holds(when.not_)
        return lambda present: not inner(present)
    parts = tuple(
        compile_holds(part) for part in (when.all if isinstance(when, AllOf) else when.any)
    )
    if isinstance(when, AllOf):
        return lambda present: all(part(present) for part in parts)
    return lambda present: any(part(present) for part in parts)


def holds_probability(
    when: When,
    states: Mapping[str, State],
    p: NDArray[np.float64],
    f_index: Mapping[str, int],
) -> NDArray[np.float64]:
    """P(a rule condition holds | condition), for every condition (a row of `p` each).

    Known findings count as 0 or 1, unknown ones with their likelihood under each condition,
    taken as independent given the condition.

    >>> p = np.array([[0.5, 0.2]])
    >>> holds_probability(AllOf(all=["a", "b"]), {}, p, {"a": 0, "b": 1}).round(2).tolist()
    [0.1]
    """
    if isinstance(when, str):
        state = states.get(when, "unknown")
        if state != "unknown":
            return np.full(p.shape[0], 1.0 if state == "present" else 0.0)
        return p[:, f_index[when]]
    if isinstance(when, AllOf):
        result = np.ones(p.shape[0])
        for part in when.all:
            result = result * holds_probability(part, states, p, f_index)
        return result
    if isinstance(when, AnyOf):
        none = np.ones(p.shape[0])
        for part in when.any:
            none = none * (1.0 - holds_probability(part, states, p, f_index))
        return 1.0 - none
    return 1.0 - holds_probability(when.not_, states, p, f_index)
