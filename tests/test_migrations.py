"""The migrations build exactly the models' schema, and upgrading keeps existing history."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from recruiter_kit.db import create_db_engine, session_factory, upgrade
from recruiter_kit.models import Base, InterviewAssessment
from recruiter_kit.models.assessments import DEADLINE_DAY, NO_DEADLINE, STATUS_RANK
from recruiter_kit.services.history import list_history

WORST_FIRST = "ix_interview_assessments_worst_first"


def _compared(_object, name, type_, _reflected, _compare_to) -> bool:
    # An expression index is compared by its text, which each database rewrites its own
    # way; the test below checks that queries' expressions match the migrated one.
    return not (type_ == "index" and name == WORST_FIRST)


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_the_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        options = {"compare_type": True, "include_object": _compared}
        context = MigrationContext.configure(connection, opts=options)
        assert compare_metadata(context, Base.metadata) == []


def test_the_worst_first_order_is_read_from_the_migrated_index(engine):
    # The models' expressions (those the report sorts by) must be the index's exactly, or
    # the database sorts every open interview again for the dashboard's worst few.
    query = (
        select(InterviewAssessment.interview_id)
        .where(STATUS_RANK.between(0, 2))
        .order_by(STATUS_RANK, NO_DEADLINE, DEADLINE_DAY)
    )
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            connection.exec_driver_sql("SET LOCAL enable_sort = off")
            connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
            explain = "EXPLAIN "
        else:
            explain = "EXPLAIN QUERY PLAN "
        compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(str(row) for row in connection.exec_driver_sql(explain + str(compiled)))
    assert WORST_FIRST in plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan  # read in order, not sorted


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
