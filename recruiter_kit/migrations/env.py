"""Alembic environment: runs the package's migrations on the connection it is given."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from recruiter_kit.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Run migrations online, in the caller's transaction when given a connection."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as own_connection, own_connection.begin():
        _configure(own_connection)
        context.run_migrations()


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


run_migrations()
