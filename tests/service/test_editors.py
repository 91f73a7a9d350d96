"""Editor sign-in: the slow password check runs outside every database transaction."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event

from backcheck.errors import AuthenticationError
from backcheck.service import EditorService, Services

PASSWORD = "correct horse battery staple"


class TransactionsWatched(PasswordHasher):
    """A real argon2 hasher that notes how many transactions are open while it verifies."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.open = 0
        self.seen: list[int] = []
        engine = services.db.engine
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _begin(self, *_: Any) -> None:
        self.open += 1

    def _end(self, *_: Any) -> None:
        self.open = max(0, self.open - 1)

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.seen.append(self.open)
        return super().verify(hash, password)


def test_passwords_are_checked_outside_every_transaction(services: Services) -> None:
    EditorService(services).add("editor1", PASSWORD)
    hasher = TransactionsWatched(services)
    editors = EditorService(services, hasher=hasher)
    assert editors.login("editor1", PASSWORD).editor.name == "editor1"
    for name in ("editor1", "nobody"):
        with pytest.raises(AuthenticationError):
            editors.login(name, "wrong password!")
    assert hasher.seen == [0, 0, 0]


class Counted(PasswordHasher):
    """A real argon2 hasher that counts the hashes it makes."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.made = 0

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.made += 1
        return super().hash(password, salt=salt)


def test_a_new_account_is_hashed_by_the_services_hasher(services: Services) -> None:
    hasher = Counted()
    editors = EditorService(services, hasher=hasher)
    assert editors.add("editor2", PASSWORD).name == "editor2"
    assert hasher.made == 1
    assert editors.login("editor2", PASSWORD).editor.name == "editor2"
