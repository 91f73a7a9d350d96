"""Settings read from BACKCHECK_* variables: the diary's retention."""

from __future__ import annotations

import pytest

from backcheck.config import Config, ConfigError


def test_diary_entries_are_kept_90_days_unless_set() -> None:
    assert Config.from_env({}).diary_ttl_days == 90
    assert Config.from_env({"BACKCHECK_DIARY_TTL_DAYS": "30"}).diary_ttl_days == 30


@pytest.mark.parametrize("bad", ["0", "367", "ninety", "-5", ""])
def test_a_bad_diary_retention_is_refused_by_name(bad: str) -> None:
    with pytest.raises(ConfigError) as info:
        Config.from_env({"BACKCHECK_DIARY_TTL_DAYS": bad})
    assert str(info.value) == "BACKCHECK_DIARY_TTL_DAYS must be a whole number from 1 to 366"
