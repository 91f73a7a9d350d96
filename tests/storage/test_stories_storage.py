"""Stories, editors, sessions and the audit log in storage, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from backcheck.storage import (
    Database,
    DuplicateEditorError,
    NewStory,
    add_audit,
    add_editor,
    add_story,
    count_stories,
    create_session,
    delete_expired_sessions,
    delete_session,
    find_pending_duplicate,
    get_editor_by_name,
    get_session_editor,
    get_story,
    list_audit,
    list_stories,
    moderate_story,
    record_failed_login,
    record_login,
    utcnow,
)
from backcheck.storage.tables import StoryRow


def story(text: str = "Aching between my shoulder blades for weeks.", **kw: object) -> NewStory:
    values: dict[str, object] = {
        "text": text, "helped": None, "condition_id": "muscle_strain", "age_band": None,
        "duration": None, "removed": [],
    }  # fmt: skip
    values.update(kw)
    return NewStory(**values)  # type: ignore[arg-type]


def editor_id(db: Database, name: str = "ed1") -> int:
    with db.session() as session:
        return add_editor(session, name, "argon2-hash").id


def test_story_round_trip_keeps_the_text_exactly(db: Database) -> None:
    verbatim = "Robert'); DROP TABLE stories;-- \" OR 1=1 -- ünïcödé 😀\nline two  "
    with db.session() as session:
        row = add_story(session, story(verbatim, removed=[("email", 1), ("phone", 2)]))
        story_id = row.id
    with db.session() as session:
        stored = get_story(session, story_id)
        assert stored is not None
        assert (stored.status, stored.submitted_text, stored.published_text, stored.removed) == (
            "pending", verbatim, None, [["email", 1], ["phone", 2]],
        )  # fmt: skip
    assert set(inspect(db.engine).get_table_names()) >= {"stories", "editors"}


def test_moderation_happens_once(db: Database) -> None:
    first, second = editor_id(db, "ed1"), editor_id(db, "ed2")
    with db.session() as session:
        story_id = add_story(session, story()).id
    with db.session() as session:
        assert moderate_story(
            session, story_id, status="approved", editor_id=first, published_text="Edited."
        )
    with db.session() as session:
        assert not moderate_story(
            session, story_id, status="rejected", editor_id=second, reason="x"
        )
    with db.session() as session:
        row = get_story(session, story_id)
        assert row is not None
        assert (row.status, row.reviewed_by, row.published_text, row.rejection_reason) == (
            "approved", first, "Edited.", None,
        )  # fmt: skip
        assert row.submitted_text == "Aching between my shoulder blades for weeks."
    with db.session() as session:
        assert not moderate_story(session, 999_999, status="approved", editor_id=first)


def test_published_lists_newest_first_and_filters(db: Database) -> None:
    ed = editor_id(db)
    ids = []
    with db.session() as session:
        for i in range(5):
            condition = "shingles" if i % 2 else "muscle_strain"
            ids.append(add_story(session, story(f"story number {i}", condition_id=condition)).id)
    for minutes, story_id in enumerate((ids[3], ids[0], ids[1])):  # not submission order
        with db.session() as session:
            assert moderate_story(session, story_id, status="approved", editor_id=ed,
                                  published_text="x")  # fmt: skip
            session.execute(
                text("update stories set reviewed_at = :at where id = :id"),
                {"at": utcnow() + timedelta(minutes=minutes), "id": story_id},
            )
    with db.session() as session:
        approved = [r.id for r in list_stories(session, status="approved")]
        shingles = [r.id for r in list_stories(session, status="approved", condition_id="shingles")]
        pending = [r.id for r in list_stories(session, status="pending", newest_first=False)]
        paged = [r.id for r in list_stories(session, status="approved", offset=1, limit=1)]
        counts = (count_stories(session, "approved"), count_stories(session, "pending"),
                  count_stories(session, "approved", "shingles"))  # fmt: skip
    assert approved == [ids[1], ids[0], ids[3]]
    assert shingles == [ids[1], ids[3]]
    assert pending == [ids[2], ids[4]]
    assert paged == [ids[0]]
    assert counts == (3, 2, 2)


def test_duplicate_pending_story_is_found(db: Database) -> None:
    with db.session() as session:
        story_id = add_story(session, story("same words here")).id
        add_story(session, story("same words here", condition_id=None))
    since = utcnow() - timedelta(hours=1)
    with db.session() as session:
        found = find_pending_duplicate(session, "same words here", "muscle_strain", since)
        none_cond = find_pending_duplicate(session, "same words here", None, since)
        other = find_pending_duplicate(session, "other words", "muscle_strain", since)
        later = find_pending_duplicate(
            session, "same words here", "muscle_strain", utcnow() + timedelta(hours=1)
        )
    assert found is not None
    assert found.id == story_id
    assert none_cond is not None
    assert none_cond.id != story_id
    assert (other, later) == (None, None)


def test_editor_names_are_unique(db: Database) -> None:
    editor_id(db, "alice")
    with db.session() as session, pytest.raises(DuplicateEditorError):
        add_editor(session, "alice", "other-hash")
    with db.session() as session:
        row = get_editor_by_name(session, "alice")
        assert row is not None
        assert (row.password_hash, row.failed_logins, row.locked_until) == ("argon2-hash", 0, None)


def test_failed_logins_lock_at_the_limit_and_a_login_clears_them(db: Database) -> None:
    ed = editor_id(db)
    until = utcnow() + timedelta(minutes=15)
    with db.session() as session:
        locked = [record_failed_login(session, ed, limit=3, lock_until=until) for _ in range(3)]
    assert locked == [False, False, True]
    with db.session() as session:
        row = get_editor_by_name(session, "ed1")
        assert row is not None
        assert (row.failed_logins, row.locked_until) == (0, until)
        record_failed_login(session, ed, limit=3, lock_until=until)
        record_login(session, ed, "new-hash")
    with db.session() as session:
        row = get_editor_by_name(session, "ed1")
        assert row is not None
        assert (row.failed_logins, row.locked_until, row.password_hash) == (0, None, "new-hash")
        assert row.last_login_at is not None


def test_sessions_expire_and_end(db: Database) -> None:
    ed = editor_id(db)
    now = utcnow()
    with db.session() as session:
        create_session(session, token_hash="a" * 64, editor_id=ed, channel="web",
                       expires_at=now + timedelta(hours=1))  # fmt: skip
        create_session(session, token_hash="b" * 64, editor_id=ed, channel="api",
                       expires_at=now - timedelta(seconds=1))  # fmt: skip
        create_session(session, token_hash="c" * 64, editor_id=ed, channel="api",
                       expires_at=now - timedelta(seconds=1))  # fmt: skip
    with db.session() as session:
        live = get_session_editor(session, "a" * 64)
        assert live is not None
        assert live.username == "ed1"
        assert get_session_editor(session, "b" * 64) is None  # expired: deleted on sight
        assert get_session_editor(session, "f" * 64) is None
    with db.session() as session:
        assert delete_expired_sessions(session) == 1  # "c"; "b" was already deleted
        assert delete_session(session, "a" * 64) == ed
        assert delete_session(session, "a" * 64) is None
    with db.engine.connect() as connection:
        assert connection.execute(text("select count(*) from editor_sessions")).scalar() == 0


def test_audit_log_lists_newest_first_with_names(db: Database) -> None:
    ed = editor_id(db, "carol")
    with db.session() as session:
        story_id = add_story(session, story()).id
        add_audit(session, editor_id=ed, action="login")
        add_audit(session, editor_id=ed, action="reject", story_id=story_id, reason="Advert.")
    with db.session() as session:
        records, total = list_audit(session)
        for_story, story_total = list_audit(session, story_id=story_id)
    assert total == 2
    assert [(r.editor, r.action, r.story_id, r.reason) for r in records] == [
        ("carol", "reject", story_id, "Advert."),
        ("carol", "login", None, None),
    ]
    assert story_total == 1
    assert for_story[0].action == "reject"


def test_upgrade_from_0001_keeps_data_and_downgrade_removes_stories(db: Database) -> None:
    config = db._alembic()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert db.revision() == "0001"
    assert "stories" not in inspect(db.engine).get_table_names()
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "insert into assessments (day, kb_version, channel, is_demo, scope, triage, "
                "questions, evidence) values ('2026-01-01', 'v', 'web', false, 'upper_back', "
                "'self_care', 3, '[]')"
            )
        )
    assert db.upgrade() == db.head()
    with db.engine.connect() as connection:
        assert connection.execute(text("select count(*) from assessments")).scalar() == 1
    with db.session() as session:
        assert session.scalars(select(StoryRow)).all() == []
