"""The story pages and the editors' pages, without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backcheck.config import RateLimit
from backcheck.knowledge import KnowledgeBase
from tests.web.helpers import (
    SELF_CARE,
    STORY,
    check_page,
    decide,
    editor_login,
    editors_database,
    from_copy,
    run_plan,
    share,
    start,
    story_ids,
    token,
)


@pytest.fixture(scope="module")
def editors(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return editors_database(tmp_path_factory.mktemp("editors"), kb, "editor1")


@pytest.fixture
def app(kb: KnowledgeBase, tmp_path: Path, editors: Path) -> FastAPI:
    return from_copy(editors, tmp_path, kb, story_rate=RateLimit(1000, 3600))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def editor(app: FastAPI) -> Iterator[TestClient]:
    """A second browser, signed in as an editor."""
    with TestClient(app) as browser:
        assert editor_login(browser).headers["location"] == "/editor"
        yield browser


def texts(html: str, cls: str) -> list[str]:
    return re.findall(rf'<div class="{cls}">(.*?)</div>', html, re.S)


@pytest.mark.parametrize("path", ["/stories", "/stories/new", "/stories/new?condition=shingles",
                                  "/editor/login"])  # fmt: skip
def test_pages_render_and_keep_the_rules(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    check_page(response.text)


def test_editor_pages_keep_the_rules(client: TestClient, editor: TestClient, app: FastAPI) -> None:
    share(client, STORY, condition_id="shingles")
    (story_id,) = story_ids(app)
    for path in ("/editor", f"/editor/stories/{story_id}", "/editor/audit"):
        response = editor.get(path)
        assert response.status_code == 200, path
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        check_page(response.text)
        assert "Signed in as <strong>editor1</strong>" in response.text


def test_share_links_on_results_and_condition_pages(client: TestClient) -> None:
    interview = start(client, age="34", sex="male")
    run_plan(client, interview, SELF_CARE)
    results = client.get(f"/results/{interview}").text
    assert 'href="/stories/new?condition=muscle_strain"' in results
    condition = client.get("/conditions/kidney_stone").text
    assert 'href="/stories/new?condition=kidney_stone"' in condition
    assert "No stories about" in condition
    form = client.get("/stories/new?condition=kidney_stone").text
    assert '<option value="kidney_stone" selected>' in form
    unknown = client.get("/stories/new?condition=nonsense").text
    assert " selected>" not in unknown
    assert 'name="name"' not in form
    assert 'name="email"' not in form


def test_submit_shows_what_was_removed(client: TestClient, app: FastAPI) -> None:
    response = share(
        client,
        "My name is Sam Lee and my email is sam@example.com. " + STORY,
        condition_id="muscle_strain",
        age_band="age_30_44",
        duration="1_4_weeks",
        helped="Gentle stretches",
    )
    assert response.status_code == 200
    check_page(response.text)
    assert "Thank you for sharing your story" in response.text
    assert "we removed 1 email address and 1 name" in response.text
    assert texts(response.text, "story-preview story-text") == [
        "My name is [name removed] and my email is [email removed]. " + STORY
    ]
    assert len(story_ids(app)) == 1
    assert "Gentle stretches" not in client.get("/stories").text  # pending: not public


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": "Too short"}, "text", "at least 30 characters"),
        ({"text": "x" * 3001}, "text", "3000 characters or fewer"),
        ({"text": STORY, "helped": "h" * 501}, "helped", "500 characters or fewer"),
        ({"text": STORY, "condition_id": "made_up"}, "condition_id", "choose a condition"),
        ({"text": STORY, "age_band": "age_999"}, "age_band", "choose an age group"),
        ({"text": STORY, "duration": "ever"}, "duration", "how long it lasted"),
    ],
)
def test_form_errors_keep_what_was_typed(
    client: TestClient, app: FastAPI, fields: dict[str, str], field: str, message: str
) -> None:
    response = share(client, **fields)
    assert response.status_code == 422
    check_page(response.text)
    assert f'<a href="#{field}">' in response.text
    assert message in response.text
    assert f'id="{field}"' in response.text
    assert 'aria-invalid="true"' in response.text
    if field == "text" and len(fields["text"]) < 100:
        assert f">{fields['text']}</textarea>" in response.text
    assert story_ids(app) == []


def test_editor_approves_and_the_story_is_published(
    client: TestClient, editor: TestClient, app: FastAPI
) -> None:
    share(client, STORY, condition_id="muscle_strain", age_band="age_45_59", helped="Rest")
    (story_id,) = story_ids(app)
    queue = editor.get("/editor").text
    assert "1 story waiting for review" in queue
    assert STORY in queue
    response = decide(editor, story_id, "approve")
    assert response.headers["location"] == "/editor?notice=approved"
    assert "is now published" in editor.get("/editor?notice=approved").text
    condition = client.get("/conditions/muscle_strain").text
    assert texts(condition, "story-text") == [STORY]
    assert "From someone 45 to 59 years old" in condition
    listed = client.get("/stories").text
    assert "1 published story, newest first." in listed
    assert texts(listed, "story-text") == [STORY]
    filtered = client.get("/stories?condition=shingles").text
    assert "No stories have been published about Shingles" in filtered
    page = editor.get(f"/editor/stories/{story_id}").text
    assert "Approved as written by editor1" in page


def test_editor_rejects_with_an_internal_reason(
    client: TestClient, editor: TestClient, app: FastAPI
) -> None:
    share(client, STORY, condition_id="shingles")
    (story_id,) = story_ids(app)
    empty = decide(editor, story_id, "reject", reason="   ")
    assert empty.status_code == 422
    assert "give a reason" in empty.text
    assert decide(editor, story_id, "reject", reason="Off topic").headers["location"] == (
        "/editor?notice=rejected"
    )
    assert STORY not in client.get("/stories").text
    assert STORY not in client.get("/conditions/shingles").text
    assert "Off topic" not in client.get("/stories").text
    page = editor.get(f"/editor/stories/{story_id}").text
    assert "Reason for rejecting" in page
    assert "Off topic" in page
    assert "Off topic" in editor.get("/editor/audit").text


def test_edit_and_approve(client: TestClient, editor: TestClient, app: FastAPI) -> None:
    share(client, STORY + " The clinic on 12 Bridge Street was great.")
    (story_id,) = story_ids(app)
    form = editor.get(f"/editor/stories/{story_id}").text
    assert f">{STORY} The clinic on [address removed] was great.</textarea>" in form
    short = decide(editor, story_id, "edit-approve", text="Too short", helped="")
    assert short.status_code == 422
    assert ">Too short</textarea>" in short.text  # the editor's words are kept
    done = decide(editor, story_id, "edit-approve", text=STORY, helped="Time")
    assert done.headers["location"] == "/editor?notice=edited"
    assert texts(client.get("/stories").text, "story-text") == [STORY]
    page = editor.get(f"/editor/stories/{story_id}").text
    assert "Text as submitted (kept unchanged)" in page
    assert "The clinic on [address removed] was great." in page


def test_replayed_decision_changes_nothing(
    editor: TestClient, client: TestClient, app: FastAPI
) -> None:
    share(client, STORY)
    (story_id,) = story_ids(app)
    csrf_token = token(editor.get("/editor").text)
    url = f"/editor/stories/{story_id}/approve"
    first = editor.post(url, data={"csrf_token": csrf_token}, follow_redirects=False)
    again = editor.post(url, data={"csrf_token": csrf_token}, follow_redirects=False)
    late_reject = editor.post(f"/editor/stories/{story_id}/reject",
                              data={"csrf_token": csrf_token, "reason": "x"},
                              follow_redirects=False)  # fmt: skip
    assert [r.headers["location"] for r in (first, again, late_reject)] == [
        "/editor?notice=approved", "/editor?notice=already", "/editor?notice=already",
    ]  # fmt: skip
    assert "already been approved or rejected" in editor.get("/editor?notice=already").text
    audit = editor.get("/editor/audit").text
    assert audit.count("Approved as written") == 1
    assert "Rejected" not in audit


def test_stories_are_paginated_newest_first(
    client: TestClient, editor: TestClient, app: FastAPI
) -> None:
    for i in range(12):
        share(client, f"{STORY} Story number {i:02d}.")
    for story_id in story_ids(app):
        decide(editor, story_id, "approve")
    first = client.get("/stories").text
    numbers = [int(n) for n in re.findall(r"Story number (\d\d)\.", first)]
    assert len(numbers) == 10
    assert numbers == sorted(numbers, reverse=True)  # same second: the newer id first
    assert 'href="/stories?page=2"' in first
    second = client.get("/stories?page=2").text
    assert len(re.findall(r"Story number (\d\d)\.", second)) == 2
    assert 'href="/stories"' in second  # back to the first page
    assert "Page 2 of 2" in second
    for bad in ("/stories?page=3", "/stories?page=0", "/stories?page=abc", "/stories?page=-1"):
        response = client.get(bad)
        assert response.status_code == 404, bad
        check_page(response.text)
    assert client.get("/stories?condition=zzz").status_code == 422
    condition = client.get("/conditions/muscle_strain").text
    assert "Read all" not in condition  # none of these named a condition


def test_editor_pages_need_a_sign_in(client: TestClient, app: FastAPI) -> None:
    share(client, STORY)
    (story_id,) = story_ids(app)
    for path, target in (
        ("/editor", "/editor/login"),
        ("/editor/audit", "/editor/login?next=/editor/audit"),
        (f"/editor/stories/{story_id}", f"/editor/login?next=/editor/stories/{story_id}"),
    ):
        response = client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, target)
    response = client.get("/editor/login?next=/editor/audit")
    assert '<input type="hidden" name="next" value="/editor/audit">' in response.text
    data = {"csrf_token": token(response.text), "name": "editor1",
            "password": "correct horse battery staple", "next": "/editor/audit"}  # fmt: skip
    signed_in = client.post("/editor/login", data=data, follow_redirects=False)
    assert signed_in.headers["location"] == "/editor/audit"
    outside = client.get("/editor/login?next=https://evil.example/")
    assert 'name="next"' not in outside.text  # only /editor paths are followed


def test_sign_out(editor: TestClient) -> None:
    page = editor.get("/editor").text
    response = editor.post("/editor/logout", data={"csrf_token": token(page)},
                           follow_redirects=False)  # fmt: skip
    assert response.headers["location"] == "/editor/login?notice=out"
    assert 'bc_editor=""' in response.headers["set-cookie"]
    assert "You have signed out." in editor.get("/editor/login?notice=out").text
    assert editor.get("/editor", follow_redirects=False).status_code == 303
