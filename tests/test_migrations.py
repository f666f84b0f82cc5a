"""The migrations build exactly the models' schema, and upgrading keeps existing history."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from recruiter_kit.db import create_db_engine, session_factory, upgrade
from recruiter_kit.models import Base
from recruiter_kit.services.history import list_history


def test_the_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrading_keeps_the_stage_and_outcome_history(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path}/old.sqlite")
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO candidates (id, ref, name, stage, archived, created_at, updated_at,"
                " version_id) VALUES (1, 'C-1', 'Ada', 'sourced', 0, '2026-03-01 09:00:00',"
                " '2026-03-01 09:00:00', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO history (candidate_id, field, from_value, to_value, changed_by,"
                " changed_at) VALUES (1, 'stage', NULL, 'sourced', 'cli:kd',"
                " '2026-03-01 09:00:00')"
            )
        )
    upgrade(engine)
    with session_factory(engine)() as session:
        [row] = list_history(session)
    assert (row.record, row.field, row.to_value, row.changed_by) == (
        "candidate C-1",
        "stage",
        "sourced",
        "cli:kd",
    )
    engine.dispose()
