"""Settings: read from BACKCHECK_* variables, documented in docs/deploy.md, built only at start."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from backcheck.config import DEFAULT_SECRET, Config, ConfigError, RateLimit

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "docs" / "deploy.md"
NOT_SET = "(not set)"
ROW = re.compile(r"^\| `(BACKCHECK_[A-Z_]+)` \| (`[^`]*`|\(not set\)) \|")


def documented() -> dict[str, str]:
    """Variable -> documented default, from the settings table of docs/deploy.md."""
    rows = [ROW.match(line) for line in DEPLOY.read_text(encoding="utf-8").splitlines()]
    return {m[1]: m[2].strip("`") for m in rows if m is not None}


def test_every_setting_is_documented_with_its_variable_and_default() -> None:
    table = documented()
    variables = {Config.variable(name): name for name in Config.model_fields}
    assert set(table) == set(variables), "docs/deploy.md and Config list different settings"
    for variable, name in variables.items():
        default = Config.model_fields[name].default
        if table[variable] == NOT_SET:
            assert default == "", f"{variable} has a default: document it"
        else:
            read = getattr(Config.from_env({variable: table[variable]}), name)
            assert read == default, f"{variable}: docs/deploy.md says {table[variable]!r}"


def test_the_table_parser_reads_rows() -> None:
    assert ROW.match("| `BACKCHECK_X` | `5/hour` | meaning |") is not None
    assert ROW.match("| `BACKCHECK_X` | (not set) | meaning |") is not None
    assert ROW.match("| variable | default | meaning |") is None


def test_variables_are_read_from_the_mapping_given() -> None:
    config = Config.from_env(
        {
            "BACKCHECK_ENV": "test",
            "BACKCHECK_DATA_DIR": "/srv/backcheck",
            "BACKCHECK_DATABASE_URL": "postgres://u@db/backcheck",
            "BACKCHECK_WRITE_RATE": "5/second",
            "BACKCHECK_INTERVIEW_TTL_HOURS": "48",
            "BACKCHECK_MIGRATE_ON_START": "0",
            "BACKCHECK_PASSWORD_PROFILE": "cheapest",
            "UNRELATED": "ignored",
        }
    )
    assert (config.environment, config.data_dir, config.write_rate) == (
        "test", Path("/srv/backcheck"), RateLimit(5, 1),
    )  # fmt: skip
    assert (config.interview_ttl_hours, config.migrate_on_start) == (48, False)
    assert config.password_profile == "cheapest"  # accepted in test runs only
    assert config.effective_database_url == "postgresql+psycopg://u@db/backcheck"
    assert config.secret_key not in ("", DEFAULT_SECRET)  # random per process in test


def test_os_environ_is_read_only_by_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKCHECK_ENV", "test")
    assert Config.from_env().environment == "test"
    assert Config.from_env({}).environment == "development"
    assert Config().environment == "development"
    assert Config().secret_key == DEFAULT_SECRET


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"BACKCHECK_ENV": "staging"}, "BACKCHECK_ENV"),
        ({"BACKCHECK_ENV": "production"}, "BACKCHECK_SECRET_KEY"),
        (
            {"BACKCHECK_ENV": "production", "BACKCHECK_SECRET_KEY": DEFAULT_SECRET},
            "BACKCHECK_SECRET_KEY",
        ),
        ({"BACKCHECK_ENV": "production", "BACKCHECK_SECRET_KEY": "s" * 31}, "BACKCHECK_SECRET_KEY"),
        ({"BACKCHECK_INTERVIEW_TTL_HOURS": "0"}, "BACKCHECK_INTERVIEW_TTL_HOURS"),
        ({"BACKCHECK_INTERVIEW_TTL_HOURS": "a day"}, "BACKCHECK_INTERVIEW_TTL_HOURS"),
        ({"BACKCHECK_MAX_BODY_BYTES": "10"}, "BACKCHECK_MAX_BODY_BYTES"),
        ({"BACKCHECK_STORY_RATE": "5/fortnight"}, "BACKCHECK_STORY_RATE"),
        ({"BACKCHECK_LOGIN_RATE": "0/hour"}, "BACKCHECK_LOGIN_RATE"),
        ({"BACKCHECK_MIN_GROUP_SIZE": "5"}, "BACKCHECK_MIN_GROUP_SIZE"),
        ({"BACKCHECK_MIGRATE_ON_START": "perhaps"}, "BACKCHECK_MIGRATE_ON_START"),
        ({"BACKCHECK_PASSWORD_PROFILE": "cheapest"}, "BACKCHECK_PASSWORD_PROFILE"),
        ({"BACKCHECK_PASSWORD_PROFILE": "md5"}, "BACKCHECK_PASSWORD_PROFILE"),
    ],
)
def test_invalid_or_unsafe_values_name_their_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Config.from_env(env)
    assert str(raised.value).startswith(variable + " ")
    assert "s" * 31 not in str(raised.value)  # a secret is never echoed


def test_production_with_a_long_secret_is_accepted() -> None:
    secret = "x" * 40
    config = Config.from_env({"BACKCHECK_ENV": "production", "BACKCHECK_SECRET_KEY": secret})
    assert (config.environment, config.secret_key) == ("production", secret)
    assert secret not in repr(config)


def test_rate_limit_parse_names_the_variable() -> None:
    assert RateLimit.parse(" 1000/hour ", "X") == RateLimit(1000, 3600)
    with pytest.raises(ConfigError, match=r"^BACKCHECK_WRITE_RATE must look like 30/minute"):
        RateLimit.parse("lots", "BACKCHECK_WRITE_RATE")


def module_level_calls(source: str, label: str) -> list[str]:
    """Calls of Config or Config.from_env outside any function body."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in ("Config", "Config.from_env"):
                found.append(f"{label}:{node.lineno}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def test_settings_are_built_only_when_the_app_or_a_command_starts() -> None:
    calls = [
        call
        for path in sorted((ROOT / "backcheck").rglob("*.py"))
        for call in module_level_calls(path.read_text(encoding="utf-8"), str(path))
    ]
    assert calls == []
    probe = "CONFIG = Config.from_env()\n\ndef f() -> None:\n    Config()\n"
    assert module_level_calls(probe, "probe") == ["probe:1"]


def test_diary_entries_are_kept_90_days_unless_set() -> None:
    assert Config.from_env({}).diary_ttl_days == 90
    assert Config.from_env({"BACKCHECK_DIARY_TTL_DAYS": "30"}).diary_ttl_days == 30


@pytest.mark.parametrize("bad", ["0", "367", "ninety", "-5", ""])
def test_a_bad_diary_retention_is_refused_by_name(bad: str) -> None:
    with pytest.raises(ConfigError) as info:
        Config.from_env({"BACKCHECK_DIARY_TTL_DAYS": bad})
    assert str(info.value).startswith("BACKCHECK_DIARY_TTL_DAYS ")
