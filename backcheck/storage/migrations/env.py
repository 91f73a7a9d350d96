"""Alembic environment: runs migrations on the connection backcheck hands it."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from backcheck.storage.tables import Base

config = context.config


def run() -> None:
    """Run migrations online, on the given connection or on a fresh one."""
    given = config.attributes.get("connection")
    connecting: AbstractContextManager[Connection]
    if given is None:
        engine = engine_from_config(
            config.get_section(config.config_ini_section) or {},
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        connecting = engine.connect()
    else:
        connecting = nullcontext(given)
    with connecting as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run()
