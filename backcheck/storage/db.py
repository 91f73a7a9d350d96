"""The database: an engine per process, SQLite pragmas, sessions and Alembic migrations."""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from backcheck.errors import StorageError

if TYPE_CHECKING:  # Alembic is imported only by the commands that migrate
    from alembic.config import Config as AlembicConfig

__all__ = ["SCHEMA_HEAD", "Database", "StorageError"]

#: The newest migration this version ships (a test checks it against Alembic's scripts): a
#: database already there is not migrated, and Alembic is not even imported.
SCHEMA_HEAD = "0005"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event start transactions (below), not the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin(connection: Any) -> None:
    # Writing transactions take the write lock at once: concurrent workers then queue for it
    # instead of failing to upgrade a read lock halfway through ("database is locked").
    # Read-only ones start deferred and never block anyone (WAL).
    readonly = connection.get_execution_options().get("backcheck_readonly", False)
    connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


class Database:
    """One SQLAlchemy engine and session factory for a URL (SQLite file or PostgreSQL)."""

    def __init__(self, url: str, echo: bool = False) -> None:
        parsed = make_url(url)
        self.url = url
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        self._write_lock = threading.Lock()
        self._lock_path: str | None = None
        self._lock_file: IO[bytes] | None = None
        self._lock_pid = 0
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                self._lock_path = parsed.database + ".lock"
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        else:
            # Sessions in UTC: an aware datetime written to a `timestamp` column (or compared
            # with one) is then converted to UTC, whatever the server's own time zone.
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
            if self.dialect == "postgresql":
                kwargs["connect_args"] = {"options": "-c timezone=UTC"}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(
            self.engine.execution_options(backcheck_readonly=True), expire_on_commit=False
        )

    @contextmanager
    def session(self, readonly: bool = False) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error.

        `readonly=True` promises no writes, so SQLite does not take its write lock.
        """
        if readonly or self._lock_path is None:
            factory = self._readers if readonly else self._sessions
            with factory() as session, session.begin():
                yield session
            return
        # SQLite has one writer at a time and waits for the lock by sleeping and retrying,
        # which gives long tails under load. Queue writers instead: threads of this process on
        # a lock, processes on an advisory file lock (both wake the next waiter at once). The
        # lock file stays open for the life of the process.
        with self._write_lock:
            if self._lock_file is None or self._lock_pid != os.getpid():  # not after a fork
                self._lock_file = open(self._lock_path, "a+b")  # noqa: SIM115
                self._lock_pid = os.getpid()
                # Closed by `dispose`, or when the database object goes away.
                weakref.finalize(self, self._lock_file.close)
            handle = self._lock_file
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                with self._sessions() as session, session.begin():
                    yield session
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _alembic(self) -> AlembicConfig:
        from alembic.config import Config as AlembicConfig

        config = AlembicConfig()
        location = resources.files("backcheck.storage") / "migrations"
        config.set_main_option("script_location", str(location))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def upgrade(self) -> str:
        """Apply every pending migration; return the schema revision now in place."""
        if self._stored_revision() == SCHEMA_HEAD:
            return SCHEMA_HEAD
        from alembic import command

        config = self._alembic()
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return self.revision() or ""

    def _stored_revision(self) -> str | None:
        """The revision recorded in the database, read with plain SQL (None if there is none)."""
        reader = self.engine.execution_options(backcheck_readonly=True)
        try:
            with reader.connect() as connection:
                rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
                found = [str(row[0]) for row in rows]
        except DBAPIError:
            return None
        return found[0] if len(found) == 1 else None

    def revision(self) -> str | None:
        """The schema revision of the database (None when it has never been migrated)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def head(self) -> str:
        """The newest schema revision this version of backcheck ships."""
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self._alembic()).get_current_head()
        assert head is not None
        return head

    def dispose(self) -> None:
        """Close every pooled connection (and the lock file)."""
        self.engine.dispose()
        with self._write_lock:
            if self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None
