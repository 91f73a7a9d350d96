"""Alembic environment: runs migrations on the connection backcheck hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from backcheck.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    """Run migrations online, on the given connection or a fresh one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section) or {},
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as conn:
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=conn.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run()
