"""`backcheck diary`: the pain diary in a terminal, on an SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from backcheck.cli import app
from backcheck.storage.diaries import MISSING


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"BACKCHECK_DATA_DIR": str(tmp_path), "BACKCHECK_ENV": "test"}


def run(env: dict[str, str], *args: str, key: str = "", stdin: str = "") -> tuple[int, str, str]:
    environment = {**env, "BACKCHECK_DIARY_KEY": key} if key else env
    result = CliRunner().invoke(app, ["diary", *args], input=stdin, env=environment)
    return result.exit_code, result.stdout, result.stderr


def start(env: dict[str, str], *args: str) -> str:
    code, out, err = run(env, "start", *args)
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith("Diary started. Its key: ")
    return first.rsplit(" ", 1)[1]


def test_start_add_show_and_delete(env: dict[str, str]) -> None:
    key = start(env)
    assert len(key) == 43
    code, out, _ = run(env, "add", "--pain", "4", "--slept", "--where", "loc_mid_spine",
                       "--helped", "heat", "--helped", "rest", key=key)  # fmt: skip
    assert code == 0
    assert "CARE FOR IT AT HOME: Keep recording how it goes." in out
    assert "pain 4, slept" in out
    assert "helped: Resting from what sets\n    it off; A heating pad or warm shower" in out
    code, shown, _ = run(env, "show", key=key)
    assert (code, shown.splitlines()[1]) == (0, "CARE FOR IT AT HOME: Keep recording how it goes.")
    assert " 4 | *" in shown
    assert "Call emergency services now (911; elsewhere" in shown  # always within reach
    assert shown.rstrip().endswith("call emergency services now.")  # the disclaimer, last
    code, out, _ = run(env, "delete", "--yes", key=key)
    assert (code, out.strip()) == (0, "The diary and every entry are deleted.")
    code, _, err = run(env, "show", key=key)
    assert (code, err.strip()) == (2, f"error: {MISSING}")


def test_long_pain_gets_a_doctor(env: dict[str, str]) -> None:
    key = start(env, "--duration", "duration_4_to_6_weeks")
    code, out, _ = run(env, "add", "--pain", "3", "--slept", key=key)
    assert code == 0
    assert "BOOK A VISIT WITH A DOCTOR: The pain has lasted more than four weeks." in out
    assert "You have had this pain for at least 28 days." in out


def test_asking_interactively_and_a_warning_sign_at_once(env: dict[str, str]) -> None:
    key = start(env)
    answers = "eleven\n11\n5\ny\n6\n"  # two bad pain scores, then a tearing pain
    code, out, _ = run(env, "add", key=key, stdin=answers)
    assert code == 0
    assert out.count("Please type a whole number from 0 to 10.") == 2
    assert "Where does it hurt today?" not in out  # nothing more is asked
    alarm = out.index("CALL EMERGENCY SERVICES NOW: You ticked: a sudden tearing or ripping pain.")
    assert alarm < out.index("Saved the entry for")
    assert "Call emergency services now (911; elsewhere" in out


def test_refusals_are_clear_and_store_nothing(env: dict[str, str]) -> None:
    key = start(env)
    code, _, err = run(env, "add", "--pain", "3", "--slept", "--helped", "chocolate", key=key)
    assert code == 2
    assert err.startswith("error: Unknown help: chocolate. Choose from: rest, ice, heat")
    code, _, err = run(env, "add", "--pain", "3", "--slept", "--day", "2020-01-01", key=key)
    assert (code, err.startswith("error: an entry can be for one of these days: ")) == (2, True)
    code, _, err = run(env, "add", "--pain", "12", "--slept", key=key)
    assert code == 2
    code, _, err = run(env, "show", key="A" * 43)
    assert (code, err.strip()) == (2, f"error: {MISSING}")
    code, _, err = run(env, "start", "--duration", "ages")
    assert (code, err.startswith("error: Unknown duration 'ages'.")) == (2, True)
    _, shown, _ = run(env, "show", key=key)
    assert "(no entries yet)" in shown


def test_options_list_the_ids(env: dict[str, str]) -> None:
    code, out, _ = run(env, "options")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "--where:"
    assert "  tearing_pain                 Tearing or ripping pain" in lines
    assert lines[-1] == "  duration_over_6_weeks"
