"""Story and editor use cases over a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from backcheck.config import Config, RateLimit
from backcheck.errors import BackcheckError
from backcheck.http import status_of
from backcheck.knowledge import KnowledgeBase
from backcheck.service import (
    Editor,
    EditorService,
    Removal,
    Services,
    StoryDraft,
    StoryService,
    build_services,
)
from backcheck.service.editors import LOCKED, WRONG
from backcheck.storage import utcnow

STORY = "Aching between my shoulder blades after moving house; it eased over three weeks."
PASSWORD = "correct horse battery staple"


@pytest.fixture
def services(kb: KnowledgeBase, database_url: str, tmp_path: Path) -> Iterator[Services]:
    config = Config(
        environment="test",
        data_dir=tmp_path,
        database_url=database_url,
        story_rate=RateLimit(1000, 3600),
        password_profile="cheapest",
    )
    built = build_services(config, kb=kb)
    yield built
    built.db.dispose()


@pytest.fixture
def stories(services: Services) -> StoryService:
    return StoryService(services)


@pytest.fixture
def editor(services: Services) -> Editor:
    return EditorService(services).add("editor1", PASSWORD)


def submit(stories: StoryService, text: str = STORY, **fields: str | None) -> int:
    return stories.submit(StoryDraft(text, **fields), client="10.0.0.1").id


def error(call: Callable[[], object]) -> tuple[int, str]:
    with pytest.raises(BackcheckError) as info:
        call()
    return status_of(info.value), info.value.code


def sql(services: Services, statement: str, **params: object) -> list[tuple[object, ...]]:
    with services.db.engine.begin() as connection:
        result = connection.execute(text(statement), params)
        return [tuple(row) for row in result] if result.returns_rows else []


# ----- submitting -----


def test_submission_is_scrubbed_stored_pending_and_not_public(stories: StoryService) -> None:
    result = stories.submit(
        StoryDraft(
            text="My name is Jane Doe. " + STORY + " Call 07700 900123.",
            condition_id="muscle_strain",
            age_band="age_30_44",
            duration="1_4_weeks",
            helped="Heat, and emailing jane@example.com",
        ),
        client="10.0.0.1",
    )
    assert (result.status, result.duplicate) == ("pending", False)
    assert result.text == f"My name is [name removed]. {STORY} Call [phone number removed]."
    assert result.helped == "Heat, and emailing [email removed]"
    assert result.removed == (Removal("email", 1), Removal("phone", 1), Removal("name", 1))
    assert stories.published().total == 0
    assert error(lambda: stories.get_published(result.id)) == (404, "story_not_found")
    review = stories.review(result.id)
    assert (review.status, review.submitted_text, review.age_label, review.duration_label) == (
        "pending", result.text, "30 to 44 years old", "1 to 4 weeks",
    )  # fmt: skip
    assert review.removed == result.removed


@pytest.mark.parametrize(
    ("draft", "code"),
    [
        (StoryDraft("too short"), "story_too_short"),
        (StoryDraft("   \n\x00  " + "x" * 20 + "  "), "story_too_short"),
        (StoryDraft("x" * 3001), "story_too_long"),
        (StoryDraft(STORY, condition_id="broken_heart"), "invalid_condition"),
        (StoryDraft(STORY, age_band="age_200"), "invalid_age_band"),
        (StoryDraft(STORY, duration="forever"), "invalid_duration"),
        (StoryDraft(STORY, helped="y" * 501), "helped_too_long"),
    ],
)
def test_invalid_submissions_are_refused_and_nothing_is_stored(
    stories: StoryService, services: Services, draft: StoryDraft, code: str
) -> None:
    assert error(lambda: stories.submit(draft, client="c")) == (422, code)
    assert sql(services, "select count(*) from stories") == [(0,)]


def test_a_replayed_submission_is_stored_once(stories: StoryService, services: Services) -> None:
    first = stories.submit(StoryDraft(STORY, condition_id="shingles"), client="c")
    again = stories.submit(StoryDraft(STORY + "\n", condition_id="shingles"), client="c")
    other_condition = stories.submit(StoryDraft(STORY), client="c")
    assert (again.id, again.duplicate) == (first.id, True)
    assert other_condition.id != first.id
    assert sql(services, "select count(*) from stories") == [(2,)]


def test_submissions_are_rate_limited_per_client(services: Services) -> None:
    config = services.config.model_copy(update={"story_rate": RateLimit(2, 3600)})
    limited = StoryService(replace(services, config=config))
    for i in range(2):
        limited.submit(StoryDraft(f"{STORY} number {i}"), client="1.2.3.4")
    assert limited.submit(StoryDraft(f"{STORY} number 0"), client="1.2.3.4").duplicate  # free
    assert error(lambda: limited.submit(StoryDraft(f"{STORY} 3"), client="1.2.3.4")) == (
        429, "rate_limited",
    )  # fmt: skip
    limited.submit(StoryDraft(f"{STORY} from elsewhere"), client="5.6.7.8")
    assert sql(services, "select count(*) from stories") == [(3,)]


# ----- moderation -----


def test_approve_publishes_newest_first_and_is_audited(
    stories: StoryService, editor: Editor, services: Services
) -> None:
    ids = [submit(stories, f"{STORY} ({i})", condition_id="shingles") for i in range(3)]
    for story_id in ids:
        stories.approve(editor, story_id)
        sql(services, "update stories set reviewed_at = :at where id = :id",
            at=utcnow() + timedelta(minutes=story_id), id=story_id)  # fmt: skip
    page = stories.published("shingles", 1, per_page=2)
    assert ([s.id for s in page.items], page.pages, page.total) == ([ids[2], ids[1]], 2, 3)
    assert [s.id for s in stories.published("shingles", 2, per_page=2).items] == [ids[0]]
    assert stories.published("muscle_strain").total == 0
    shown = stories.get_published(ids[0])
    assert (shown.text, shown.condition_name) == (f"{STORY} (0)", "Shingles on the back or chest")
    entries = stories.audit().items
    assert [(e.editor, e.action, e.story_id) for e in entries] == [
        ("editor1", "approve", ids[2]), ("editor1", "approve", ids[1]),
        ("editor1", "approve", ids[0]),
    ]  # fmt: skip


def test_decisions_happen_once(stories: StoryService, editor: Editor) -> None:
    story_id = submit(stories)
    approved = stories.approve(editor, story_id)
    for again in (
        lambda: stories.approve(editor, story_id),
        lambda: stories.reject(editor, story_id, "Changed my mind"),
        lambda: stories.edit_approve(editor, story_id, STORY + " Edited."),
    ):
        assert error(again) == (409, "already_moderated")
    assert stories.review(story_id) == approved
    assert [e.action for e in stories.audit().items] == ["approve"]
    assert error(lambda: stories.approve(editor, 987654)) == (404, "story_not_found")


def test_reject_keeps_the_story_and_the_reason_internally(
    stories: StoryService, editor: Editor, services: Services
) -> None:
    story_id = submit(stories, condition_id="shingles")
    assert error(lambda: stories.reject(editor, story_id, "  ")) == (422, "reason_required")
    assert error(lambda: stories.reject(editor, story_id, "r" * 501)) == (422, "reason_too_long")
    rejected = stories.reject(editor, story_id, "Reads like an advert.")
    assert (rejected.status, rejected.rejection_reason, rejected.reviewed_by) == (
        "rejected", "Reads like an advert.", "editor1",
    )  # fmt: skip
    assert rejected.submitted_text == STORY
    assert stories.published("shingles").total == 0
    assert error(lambda: stories.get_published(story_id)) == (404, "story_not_found")
    audit = stories.audit(story_id=story_id).items
    assert [(e.action, e.reason) for e in audit] == [("reject", "Reads like an advert.")]
    assert sql(services, "select status, submitted_text from stories") == [("rejected", STORY)]


def test_edit_and_approve_keeps_the_submitted_text(stories: StoryService, editor: Editor) -> None:
    story_id = submit(stories, helped="Heat packs")
    assert error(lambda: stories.edit_approve(editor, story_id, "short")) == (
        422, "story_too_short",
    )  # fmt: skip
    edited = stories.edit_approve(
        editor, story_id, STORY + " Ask me: ann@example.com", helped="Heat packs and rest"
    )
    assert edited.submitted_text == STORY
    assert edited.submitted_helped == "Heat packs"
    assert edited.published_text == STORY + " Ask me: [email removed]"
    assert edited.published_helped == "Heat packs and rest"
    assert edited.edited
    assert stories.get_published(story_id).text == STORY + " Ask me: [email removed]"
    assert [e.action for e in stories.audit().items] == ["edit_approve"]


def test_concurrent_decisions_leave_exactly_one(
    stories: StoryService, services: Services, editor: Editor
) -> None:
    other = EditorService(services).add("editor2", PASSWORD)
    story_id = submit(stories)
    barrier = threading.Barrier(6)
    outcomes: list[str] = []
    lock = threading.Lock()

    def act(i: int) -> None:
        who = editor if i % 2 else other
        barrier.wait()
        try:
            if i % 3 == 0:
                stories.reject(who, story_id, f"reason {i}")
            else:
                stories.approve(who, story_id)
            outcome = "ok"
        except BackcheckError as exc:
            outcome = exc.code
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=act, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already_moderated"] * 5 + ["ok"]
    decisions = [e for e in stories.audit().items if e.story_id == story_id]
    assert len(decisions) == 1
    final = stories.review(story_id)
    assert final.status == {"approve": "approved", "reject": "rejected"}[decisions[0].action]
    assert final.reviewed_by == decisions[0].editor
    assert final.submitted_text == STORY


def test_pages_and_pending_queue(stories: StoryService) -> None:
    ids = [submit(stories, f"{STORY} #{i}") for i in range(3)]
    queue = stories.pending(1, per_page=2)
    assert ([s.id for s in queue.items], queue.total, queue.pages) == (ids[:2], 3, 2)
    assert error(lambda: stories.published(page=0)) == (422, "invalid_page")
    assert stories.published(page=5).items == ()


# ----- editors -----


@pytest.mark.parametrize(
    ("name", "password", "code"),
    [
        ("ok_name", "short", "weak_password"),
        ("ok_name", "aaaaaaaaaaaaaaaa", "weak_password"),
        ("ok_name", "ok_name-is-my-password", "weak_password"),
        ("x", PASSWORD, "invalid_editor_name"),
        ("bad name!", PASSWORD, "invalid_editor_name"),
        ("<script>", PASSWORD, "invalid_editor_name"),
    ],
)
def test_editor_accounts_refuse_bad_names_and_weak_passwords(
    services: Services, name: str, password: str, code: str
) -> None:
    assert error(lambda: EditorService(services).add(name, password))[1] == code
    assert EditorService(services).accounts() == []


def test_duplicate_editor_names_are_refused(services: Services, editor: Editor) -> None:
    assert error(lambda: EditorService(services).add("EDITOR1", PASSWORD)) == (
        409, "editor_exists",
    )  # fmt: skip
    stored = sql(services, "select username, password_hash from editors")
    assert len(stored) == 1
    assert stored[0][0] == "editor1"
    assert str(stored[0][1]).startswith("$argon2id$")
    assert PASSWORD not in str(stored)


def test_login_session_and_logout(services: Services, editor: Editor) -> None:
    editors = EditorService(services)
    login = editors.login(" Editor1 ", PASSWORD, channel="api")
    assert login.editor == editor
    assert editors.authenticate(login.token) == editor
    stored = sql(services, "select token_hash, channel from editor_sessions")
    assert stored == [(stored[0][0], "api")]
    assert login.token not in str(stored)  # only the hash is kept
    tampered = login.token[:-1] + ("A" if login.token[-1] != "A" else "B")
    for bad in (None, "", tampered, login.token + "x", "x" * 43, "' OR 1=1 --"):
        assert editors.authenticate(bad) is None
    assert editors.logout(login.token)
    assert editors.authenticate(login.token) is None
    assert not editors.logout(login.token)
    assert [e.action for e in StoryService(services).audit().items] == ["logout", "login"]


def test_expired_sessions_do_not_work(services: Services, editor: Editor) -> None:
    editors = EditorService(services)
    login = editors.login("editor1", PASSWORD)
    sql(services, "update editor_sessions set expires_at = :t", t=utcnow() - timedelta(seconds=1))
    assert editors.authenticate(login.token) is None
    assert sql(services, "select count(*) from editor_sessions") == [(0,)]
    assert error(lambda: editors.require(login.token)) == (401, "unauthorized")


def test_five_failures_lock_the_account_for_fifteen_minutes(
    services: Services, editor: Editor
) -> None:
    editors = EditorService(services)
    outcomes = [error(lambda: editors.login("editor1", "wrong password!"))[1] for _ in range(5)]
    assert outcomes == ["invalid_login"] * 4 + ["account_locked"]
    with pytest.raises(BackcheckError) as locked:
        editors.login("editor1", PASSWORD)  # even the right password
    assert (status_of(locked.value), locked.value.message) == (423, LOCKED)
    until = editors.accounts()[0].locked_until
    assert until is not None
    assert timedelta(minutes=14) < until - utcnow() <= timedelta(minutes=15)
    sql(services, "update editors set locked_until = :t", t=utcnow() - timedelta(seconds=1))
    assert editors.login("editor1", PASSWORD).editor == editor
    actions = [e.action for e in StoryService(services).audit().items]
    assert actions == ["login", "locked", *["login_failed"] * 4]


def test_unknown_names_look_exactly_like_wrong_passwords(
    services: Services, editor: Editor
) -> None:
    editors = EditorService(services)
    known: list[tuple[int, str]] = []
    unknown: list[tuple[int, str]] = []
    for _ in range(6):
        for name, out in (("editor1", known), ("nobody", unknown)):
            with pytest.raises(BackcheckError) as info:
                editors.login(name, "wrong password!")
            out.append((status_of(info.value), info.value.message))
    assert known == unknown
    assert known[0] == (401, WRONG)
    assert known[-1] == (423, LOCKED)


def test_unlock_lifts_a_lockout(services: Services, editor: Editor) -> None:
    editors = EditorService(services)
    for _ in range(5):
        error(lambda: editors.login("editor1", "wrong password!"))
    editors.unlock("editor1")
    assert editors.login("editor1", PASSWORD).editor == editor
    assert error(lambda: editors.unlock("nobody")) == (404, "editor_not_found")
