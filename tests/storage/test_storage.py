"""Storage on SQLite and PostgreSQL: migrations, interviews, assessments, counters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import StatementError

from backcheck.storage import (
    AssessmentRecord,
    Database,
    InterviewConflictError,
    InterviewNotFoundError,
    add_assessment,
    count_assessments,
    create_interview,
    delete_expired,
    get_interview,
    group_counts,
    insert_interview,
    save_interview,
    utcnow,
)
from backcheck.storage.db import SCHEMA_HEAD
from backcheck.storage.tables import Base, InterviewRow


def new_interview(db: Database, ttl: int = 24) -> str:
    with db.session() as session:
        row = create_interview(
            ttl_hours=ttl,
            channel="api",
            age_band="age_30_44",
            sex="female",
            pregnant=None,
            base_evidence=[["fever", "absent", "text"]],
            kb_version="v1",
        )
        insert_interview(session, row)
        return row.id


def test_migrations_create_exactly_the_models(db: Database) -> None:
    assert db.revision() == db.head() == "0005"
    tables = set(inspect(db.engine).get_table_names())
    assert tables == {
        "alembic_version", "interviews", "assessments", "assessment_findings",
        "assessment_conditions", "stories", "editors", "editor_sessions", "audit_log",
        "diaries", "diary_entries", "sign_in_failures",
    }  # fmt: skip
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    assert db.upgrade() == db.head()  # idempotent


def test_schema_head_constant_is_alembics_head(db: Database) -> None:
    # A database at SCHEMA_HEAD is not migrated at start (Alembic is not even imported): a new
    # migration must move the constant too.
    assert db.head() == SCHEMA_HEAD


def test_interview_round_trip_and_expiry(db: Database) -> None:
    interview_id = new_interview(db)
    assert len(interview_id) == 43
    with db.session() as session:
        row = get_interview(session, interview_id)
        assert (row.age_band, row.sex, row.base_evidence, row.answers, row.version) == (
            "age_30_44", "female", [["fever", "absent", "text"]], [], 1,
        )  # fmt: skip
        row.answers = [["location", ["loc_mid_spine"]]]
        save_interview(session, row)
    with db.session() as session:
        row = get_interview(session, interview_id)
        stale = get_interview(session, interview_id)
        assert row.answers == [["location", ["loc_mid_spine"]]]
        assert row.version == 2
        row.expires_at = utcnow() - timedelta(seconds=1)
        save_interview(session, row)
        with pytest.raises(InterviewConflictError):
            save_interview(session, stale)
    with db.session() as session, pytest.raises(InterviewNotFoundError):
        get_interview(session, interview_id)
    with db.session() as session:
        assert delete_expired(session) == 1
    with db.session() as session:
        assert session.scalar(select(InterviewRow).where(InterviewRow.id == interview_id)) is None


def test_times_are_aware_utc_in_python_and_naive_utc_in_the_table(db: Database) -> None:
    interview_id = new_interview(db)
    berlin_summer = timezone(timedelta(hours=2))
    with db.session() as session:
        row = get_interview(session, interview_id)
        assert row.created_at.tzinfo is UTC
        assert abs(row.created_at - utcnow()) < timedelta(minutes=1)
        row.expires_at = datetime(2030, 5, 1, 14, 30, tzinfo=berlin_summer)
        save_interview(session, row)
    with db.session() as session:
        raw = session.execute(
            text("select expires_at from interviews where id = :id"), {"id": interview_id}
        ).scalar_one()
        stored = raw if isinstance(raw, datetime) else datetime.fromisoformat(raw)  # SQLite: text
        assert stored == datetime(2030, 5, 1, 12, 30)  # the same instant, as naive UTC
        assert get_interview(session, interview_id).expires_at == datetime(
            2030, 5, 1, 12, 30, tzinfo=UTC
        )
        row = get_interview(session, interview_id)
        row.expires_at = datetime(2030, 5, 1, 12, 30)
        with pytest.raises(StatementError, match="naive datetime"):
            save_interview(session, row)


@pytest.mark.parametrize("bad", ["", "x" * 65, "' OR 1=1 --", "nope"])
def test_unknown_interview_ids_are_not_found(db: Database, bad: str) -> None:
    with db.session() as session, pytest.raises(InterviewNotFoundError):
        get_interview(session, bad)


def record(
    age_band: str, sex: str, top: str, present: list[str], duration: str
) -> AssessmentRecord:
    return AssessmentRecord(
        kb_version="v1", channel="web", is_demo=False, age_band=age_band, sex=sex,
        duration=duration, scope="upper_back", triage="self_care", questions=9,
        evidence=[(f, "present") for f in present] + [("fever", "absent")],
        present=present, top=[(top, 0.7), ("postural_pain", 0.2)],
    )  # fmt: skip


def test_assessments_aggregate_by_group(db: Database) -> None:
    with db.session() as session:
        for i in range(6):
            symptoms = ["chest_pain", "nausea"][: i % 3]
            add_assessment(
                session, record("age_30_44", "female", "muscle_strain", symptoms, "lt_1_day")
            )
        for _ in range(3):
            add_assessment(session, record("age_60_74", "male", "osteoporotic_fracture",
                                           ["height_loss"], "over_1_month"))  # fmt: skip
    with db.session() as session:
        assert count_assessments(session) == 9
        every = group_counts(session)
        women = group_counts(session, age_band="age_30_44", sex="female")
        demo_free = group_counts(session, include_demo=False)
    assert every.total == 9
    assert every.conditions == [("muscle_strain", 6), ("osteoporotic_fracture", 3)]
    assert every.findings == [("chest_pain", 4), ("height_loss", 3), ("nausea", 2)]
    assert sorted(every.durations) == [("lt_1_day", 6), ("over_1_month", 3)]
    assert women.total == 6
    assert women.conditions == [("muscle_strain", 6)]
    assert demo_free.total == 9
    assert every.demo == 0


def test_nothing_personal_is_stored(db: Database) -> None:
    new_interview(db)
    columns = {
        table: {c["name"] for c in inspect(db.engine).get_columns(table)}
        for table in ("interviews", "assessments")
    }
    forbidden = {"ip", "ip_address", "name", "email", "text", "description", "age", "user_agent"}
    assert not (columns["interviews"] | columns["assessments"]) & forbidden
    with db.engine.connect() as connection:
        assert connection.execute(text("select count(*) from interviews")).scalar() == 1


def test_0003_adds_what_the_interview_last_showed_and_keeps_rows(db: Database) -> None:
    interview_id = new_interview(db)
    config = db._alembic()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    columns = {c["name"] for c in inspect(db.engine).get_columns("interviews")}
    assert {"screen", "progress"}.isdisjoint(columns)
    assert db.upgrade() == db.head()
    with db.session() as session:
        row = get_interview(session, interview_id)
    assert (row.id, row.screen, row.progress, row.base_evidence) == (
        interview_id, None, 0.0, [["fever", "absent", "text"]],
    )  # fmt: skip
