"""The triage ladder's helpers in backcheck.knowledge.schema."""

from __future__ import annotations

import pytest

from backcheck.knowledge import EMERGENCY_RANK, URGENCIES, is_emergency, urgency_rank


def test_the_ladder_ranks_each_level_by_its_place() -> None:
    assert [urgency_rank(level) for level in URGENCIES] == [0, 1, 2, 3, 4]
    assert URGENCIES[EMERGENCY_RANK] == "emergency"


def test_only_the_two_hospital_levels_are_emergencies() -> None:
    assert {level: is_emergency(level) for level in URGENCIES} == {
        "self_care": False,
        "consultation": False,
        "consultation_24": False,
        "emergency": True,
        "emergency_ambulance": True,
    }


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="not in tuple"):
        urgency_rank("urgent")
