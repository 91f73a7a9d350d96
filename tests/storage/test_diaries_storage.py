"""Diary storage on SQLite and PostgreSQL: keys kept only as hashes, one entry a day, expiry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from backcheck.storage import Database
from backcheck.storage.diaries import (
    DiaryNotFoundError,
    StoredDiary,
    StoredEntry,
    add_diary,
    delete_diary,
    delete_expired_diaries,
    get_diary,
    hash_key,
    list_entries,
    new_diary_key,
    put_entry,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TTL = timedelta(days=90)


def new_diary(db: Database, now: datetime = NOW) -> str:
    key = new_diary_key()
    with db.session() as session:
        add_diary(session, StoredDiary(
            key_hash=hash_key(key), created_at=now, expires_at=now + TTL, started_on=now.date(),
            pain_days_before=7, checked_on=now.date(), check_level="self_care",
            condition_id="muscle_strain",
        ))  # fmt: skip
    return key


def entry(day: int, pain: int, at: datetime = NOW, **kw: object) -> StoredEntry:
    values: dict[str, object] = {
        "day": NOW.date() + timedelta(days=day), "recorded_at": at, "expires_at": at + TTL,
        "pain": pain, "locations": ("loc_mid_spine",), "sleep_broken": False, "helped": ("heat",),
        "warning_signs": (),
    }  # fmt: skip
    values.update(kw)
    return StoredEntry(**values)  # type: ignore[arg-type]


def test_a_diary_round_trip_one_entry_a_day(db: Database) -> None:
    key = new_diary(db)
    with db.session() as session:
        diary = get_diary(session, key, NOW)
        assert (diary.started_on, diary.pain_days_before, diary.check_level) == (
            date(2026, 12, 1), 7, "self_care",
        )  # fmt: skip
        assert put_entry(session, diary.key_hash, entry(1, 6)) is False
        assert put_entry(session, diary.key_hash, entry(0, 7, sleep_broken=True)) is False
        later = NOW + timedelta(days=2)
        assert put_entry(session, diary.key_hash, entry(1, 5, at=later, helped=())) is True
    with db.session(readonly=True) as session:
        entries = list_entries(session, hash_key(key), NOW)
        stored = get_diary(session, key, NOW)
    assert [(e.day.day, e.pain, e.sleep_broken, e.helped) for e in entries] == [
        (1, 7, True, ("heat",)), (2, 5, False, ()),
    ]  # fmt: skip
    assert stored.expires_at == NOW + timedelta(days=2) + TTL  # kept as long as its last entry


def test_only_the_hash_of_the_key_is_stored(db: Database) -> None:
    key = new_diary(db)
    with db.engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(text("select * from diaries"))]
    assert len(rows) == 1
    assert key not in str(rows)
    assert hash_key(key) in str(rows)
    columns = {
        table: {c["name"]: str(c["type"]) for c in inspect(db.engine).get_columns(table)}
        for table in ("diaries", "diary_entries")
    }
    kinds = {kind for table in columns.values() for kind in table.values()}
    assert not any("TEXT" in kind for kind in kinds)  # nothing typed freely fits anywhere


@pytest.mark.parametrize("bad", ["", "x", "A" * 42, "A" * 44, "' OR 1=1 --" + "A" * 32])
def test_malformed_and_unknown_keys_open_nothing(db: Database, bad: str) -> None:
    new_diary(db)
    with db.session() as session, pytest.raises(DiaryNotFoundError):
        get_diary(session, bad, NOW)
    with db.session() as session, pytest.raises(DiaryNotFoundError):
        get_diary(session, new_diary_key(), NOW)


def test_entries_and_diaries_expire(db: Database) -> None:
    key = new_diary(db)
    with db.session() as session:
        put_entry(session, hash_key(key), entry(0, 4))
        put_entry(session, hash_key(key), entry(30, 3, at=NOW + timedelta(days=30)))
    after_first = NOW + TTL
    with db.session() as session:
        assert [e.pain for e in list_entries(session, hash_key(key), after_first)] == [3]
        assert delete_expired_diaries(session, after_first) == (0, 1)
    after_all = NOW + timedelta(days=30) + TTL
    with db.session() as session, pytest.raises(DiaryNotFoundError):
        get_diary(session, key, after_all)
    with db.session() as session:
        assert delete_expired_diaries(session, after_all) == (1, 1)
    with db.engine.connect() as connection:
        assert connection.execute(text("select count(*) from diary_entries")).scalar() == 0


def test_deleting_a_diary_deletes_every_entry(db: Database) -> None:
    key, other = new_diary(db), new_diary(db)
    with db.session() as session:
        for day in range(3):
            put_entry(session, hash_key(key), entry(day, 5))
        put_entry(session, hash_key(other), entry(0, 2))
        assert delete_diary(session, hash_key(key)) is True
        assert delete_diary(session, hash_key(key)) is False
    with db.engine.connect() as connection:
        left = connection.execute(text("select diary_key_hash, pain from diary_entries")).all()
    assert [tuple(r) for r in left] == [(hash_key(other), 2)]
    with db.session() as session, pytest.raises(DiaryNotFoundError):
        put_entry(session, hash_key(key), entry(4, 5))  # deleted meanwhile: nothing is stored


def test_the_database_refuses_a_pain_score_outside_0_to_10(db: Database) -> None:
    key = new_diary(db)
    with pytest.raises(IntegrityError), db.session() as session:
        put_entry(session, hash_key(key), entry(0, 11))
    with db.session(readonly=True) as session:
        assert list_entries(session, hash_key(key), NOW) == []


def test_0004_adds_the_diary_tables_and_can_be_undone(db: Database) -> None:
    config = db._alembic()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert {"diaries", "diary_entries"}.isdisjoint(inspect(db.engine).get_table_names())
    assert db.upgrade() == db.head()
    assert {"diaries", "diary_entries"} <= set(inspect(db.engine).get_table_names())
