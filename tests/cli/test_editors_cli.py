"""`backcheck editors add | list | unlock`, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backcheck.cli import app
from backcheck.config import Config
from backcheck.errors import BackcheckError
from backcheck.knowledge import KnowledgeBase
from backcheck.service import EditorService, Services, build_services

PASSWORD = "a long and private passphrase"


@pytest.fixture
def env(
    database_url: str, tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    def reuse_kb(config: Config) -> Services:  # loading the knowledge base takes a second
        return build_services(config, kb=kb)

    monkeypatch.setattr("backcheck.cli.editors.build_services", reuse_kb)
    return {
        "BACKCHECK_ENV": "test",
        "BACKCHECK_DATA_DIR": str(tmp_path),
        "BACKCHECK_DATABASE_URL": database_url,
        "BACKCHECK_PASSWORD_PROFILE": "cheapest",
    }


def run(env: dict[str, str], *args: str, typed: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=typed, env=env)
    return result.exit_code, result.output


@pytest.fixture
def editors(kb: KnowledgeBase, env: dict[str, str], tmp_path: Path) -> Iterator[EditorService]:
    """The same database, seen through the service (to sign in)."""
    config = Config(environment="test", data_dir=tmp_path,
                    database_url=env["BACKCHECK_DATABASE_URL"], migrate_on_start=False,
                    password_profile="cheapest")  # fmt: skip
    services = build_services(config, kb=kb)
    yield EditorService(services)
    services.db.dispose()


def test_add_asks_twice_and_the_editor_can_sign_in(
    env: dict[str, str], editors: EditorService
) -> None:
    code, output = run(env, "editors", "add", "Alice", typed=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0, output
    assert output.endswith("editor 'alice' created; sign in at /editor/login\n")
    assert PASSWORD not in output  # hidden input is not echoed
    service = editors
    assert service.login("alice", PASSWORD).editor.name == "alice"
    with pytest.raises(BackcheckError):
        service.login("alice", PASSWORD.upper())


def test_mismatched_confirmation_asks_again(env: dict[str, str]) -> None:
    typed = f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n"
    code, output = run(env, "editors", "add", "bob", typed=typed)
    assert code == 0, output
    assert "do not match" in output
    assert "editor 'bob' created" in output


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("carol", "short", "at least 12 characters"),
        ("carol", "carol-carol-carol", "too easy to guess"),
        ("x", PASSWORD, "3 to 40 characters"),
    ],
)
def test_weak_passwords_and_bad_names_are_refused(
    env: dict[str, str], name: str, password: str, message: str
) -> None:
    code, output = run(env, "editors", "add", name, typed=f"{password}\n{password}\n")
    assert code == 1
    assert message in output
    assert run(env, "editors", "list")[1] == (
        "no editors yet: add one with `backcheck editors add NAME`\n"
    )


def test_duplicates_are_refused_and_list_and_unlock_work(
    env: dict[str, str], editors: EditorService
) -> None:
    assert run(env, "editors", "add", "dave", typed=f"{PASSWORD}\n{PASSWORD}\n")[0] == 0
    code, output = run(env, "editors", "add", "DAVE", typed=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 1
    assert output.splitlines()[-1] == "error: There is already an editor called 'dave'."
    service = editors
    for _ in range(5):
        with pytest.raises(BackcheckError):
            service.login("dave", "not the password")
    code, output = run(env, "editors", "list")
    assert code == 0
    assert output.startswith("dave  created ")
    assert ", last sign-in never, locked until " in output
    assert run(env, "editors", "unlock", "dave") == (0, "editor 'dave' can sign in again\n")
    assert service.login("dave", PASSWORD).editor.name == "dave"
    assert "locked" not in run(env, "editors", "list")[1]
    assert run(env, "editors", "unlock", "nobody") == (
        1,
        "error: There is no editor called 'nobody'.\n",
    )
