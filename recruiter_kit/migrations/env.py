"""Alembic environment: runs the package's migrations on the connection it is given."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from recruiter_kit.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Run migrations online in one transaction, on the caller's connection when given."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_in_transaction(connection)
        return
    engine = config.attributes.get("engine") or create_engine(
        config.get_main_option("sqlalchemy.url") or ""
    )
    with engine.connect() as own_connection:
        _run_in_transaction(own_connection)


def _run_in_transaction(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with connection.begin():
        context.run_migrations()


run_migrations()
