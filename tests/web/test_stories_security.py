"""Attacks on stories and the editors' pages: nothing gets through, nothing stored is lost.

XSS payloads are rendered escaped everywhere a story or a reason appears; SQL-injection-shaped
text is stored verbatim and harmless; oversized bodies, forged CSRF tokens and tampered,
expired or signed-out sessions are refused; sign-in locks after repeated failures; submissions
are rate-limited; rejected and replayed decisions keep every stored row intact.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import text
from starlette.routing import Route

from backcheck.config import RateLimit
from backcheck.knowledge import KnowledgeBase
from backcheck.storage import utcnow
from backcheck.web import editor as editor_pages
from backcheck.web import stories as story_pages
from backcheck.web.editor import COOKIE
from tests.web.helpers import (
    EDITOR_PASSWORD,
    STORY,
    add_editor,
    check_page,
    decide,
    editor_login,
    editors_database,
    from_copy,
    make_app,
    page_token,
    share,
    story_ids,
    token,
)

XSS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    "</textarea><script>alert(2)</script>",
    "<iframe src=//evil.example></iframe>",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %}",
    "<style>body{display:none}</style>",
    "&lt;script&gt;alert(3)&lt;/script&gt;",
]
SQLI = [
    "x'); DROP TABLE stories;--",  # not "Robert'); ...": a given name is scrubbed
    "' OR '1'='1' --",
    '" OR ""="',
    "1; DELETE FROM editors WHERE 1=1; --",
    "' UNION SELECT password_hash FROM editors --",
    "\\'; TRUNCATE audit_log; --",
]


@pytest.fixture(scope="module")
def editors(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return editors_database(tmp_path_factory.mktemp("editors"), kb, "editor1", "editor2")


@pytest.fixture
def app(kb: KnowledgeBase, tmp_path: Path, editors: Path) -> FastAPI:
    return from_copy(editors, tmp_path, kb, story_rate=RateLimit(1000, 3600))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def editor(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as browser:
        assert editor_login(browser).status_code == 303
        yield browser


def rows(app: FastAPI, query: str) -> list[tuple[object, ...]]:
    with app.state.services.db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(query))]


def assert_escaped(page: str, payload: str) -> None:
    """The payload appears only escaped, and the page has no script or handler of its own."""
    check_page(page)  # no inline script, no style element or attribute, no on* handler
    assert str(escape(payload)) in page
    if "<" in payload:
        assert payload not in page


# ----- XSS -----


@pytest.mark.parametrize("payload", XSS)
def test_xss_is_escaped_everywhere(
    client: TestClient, editor: TestClient, app: FastAPI, payload: str
) -> None:
    body = f"{STORY} {payload}"
    thanks = share(client, body, condition_id="shingles", helped=f"Rest {payload}")
    assert thanks.status_code == 200
    assert_escaped(thanks.text, payload)
    share(client, f"{body} (2)", condition_id="shingles")
    share(client, f"{body} (3)")
    first, second, third = story_ids(app)
    assert_escaped(editor.get("/editor").text, payload)  # the queue
    assert_escaped(editor.get(f"/editor/stories/{first}").text, payload)  # the edit form
    decide(editor, first, "approve")
    decide(editor, second, "edit-approve", text=f"Edited: {body}", helped=payload)
    decide(editor, third, "reject", reason=f"Spam {payload}")
    for page in (
        client.get("/stories").text,
        client.get("/stories?condition=shingles").text,
        client.get("/conditions/shingles").text,
        editor.get(f"/editor/stories/{first}").text,
        editor.get(f"/editor/stories/{second}").text,
        editor.get(f"/editor/stories/{third}").text,  # the rejection reason
        editor.get("/editor/audit").text,
    ):
        assert_escaped(page, payload)
    api = client.get("/api/v1/stories").json()["items"]
    assert {s["text"] for s in api} == {body, f"Edited: {body}"}  # JSON keeps it as data


def test_xss_in_form_errors_and_sign_in_is_escaped(client: TestClient) -> None:
    payload = "<svg onload=alert(1)>"
    response = share(client, payload)  # too short: the form comes back with the text
    assert response.status_code == 422
    assert_escaped(response.text, payload)
    page = client.get("/editor/login")
    data = {"csrf_token": token(page.text), "name": payload, "password": "x"}
    refused = client.post("/editor/login", data=data)
    assert refused.status_code == 401
    assert_escaped(refused.text, payload)
    for query in ("/stories?condition=" + payload, "/stories/new?condition=" + payload):
        response = client.get(query)
        assert response.status_code < 500
        check_page(response.text)
        assert payload not in response.text


# ----- SQL-injection-shaped text -----


def test_sql_shaped_text_is_stored_verbatim_and_harmless(
    client: TestClient, editor: TestClient, app: FastAPI
) -> None:
    for payload in SQLI:
        assert share(client, f"{STORY} {payload}", helped=payload).status_code == 200
    for story_id in story_ids(app):
        decide(editor, story_id, "approve")
    stored = rows(app, "select submitted_text, submitted_helped, status from stories order by id")
    assert stored == [(f"{STORY} {p}", p, "approved") for p in SQLI]
    assert rows(app, "select count(*) from editors") == [(2,)]
    assert len(rows(app, "select id from audit_log")) == len(SQLI) + 1  # + the sign-in
    listed = client.get("/api/v1/stories").json()
    assert sorted(s["text"] for s in listed["items"][:10]) == sorted(f"{STORY} {p}" for p in SQLI)
    for payload in SQLI:
        assert client.get("/stories", params={"condition": payload}).status_code == 422
        assert client.get("/api/v1/stories", params={"condition": payload}).status_code == 422
        refused = editor_login(client, name=payload, password=payload)
        assert refused.status_code == 401


# ----- oversized bodies -----


def test_oversized_bodies_are_refused_and_nothing_is_stored(
    client: TestClient, editor: TestClient, app: FastAPI
) -> None:
    csrf_token = page_token(client)
    huge = client.post("/stories/new", data={"csrf_token": csrf_token, "text": "x" * 70_000})
    assert huge.status_code == 413
    assert "That was too long" in huge.text
    assert "text/html" in huge.headers["content-type"]
    long = client.post("/stories/new", data={"csrf_token": csrf_token, "text": "y" * 30_000})
    assert long.status_code == 422  # over the form's cap: the friendly error page
    check_page(long.text)
    over = share(client, "z" * 3500)
    assert over.status_code == 422
    assert "shorten your story to 3000 characters" in over.text
    api = client.post("/api/v1/stories", json={"text": "x" * 70_000})
    assert (api.status_code, api.json()["error"]["code"]) == (413, "request_too_large")
    assert story_ids(app) == []
    share(client, STORY)
    (story_id,) = story_ids(app)
    edit = editor.post(f"/editor/stories/{story_id}/edit-approve",
                       data={"csrf_token": page_token(editor), "text": "e" * 70_000})  # fmt: skip
    assert edit.status_code == 413
    assert rows(app, "select status from stories") == [("pending",)]


# ----- CSRF -----


def story_post_routes() -> list[str]:
    paths = []
    for router in (story_pages.router, editor_pages.router):
        for route in router.routes:
            if isinstance(route, Route) and "POST" in (route.methods or set()):
                paths.append(route.path)
    return sorted(paths)


def test_every_story_and_editor_form_needs_a_valid_token(
    client: TestClient, editor: TestClient, app: FastAPI
) -> None:
    share(client, STORY)
    (story_id,) = story_ids(app)
    routes = story_post_routes()
    assert routes == [
        "/editor/login", "/editor/logout", "/editor/stories/{story_id}/approve",
        "/editor/stories/{story_id}/edit-approve", "/editor/stories/{story_id}/reject",
        "/stories/new",
    ]  # fmt: skip
    stolen = page_token(client)  # a valid token, but for another browser's cookie
    fields = {"text": STORY, "reason": "x", "name": "editor1", "password": EDITOR_PASSWORD}
    for path in routes:
        url = path.replace("{story_id}", str(story_id))
        for forged in ({}, {"csrf_token": "0" * 64}, {"csrf_token": stolen}, {"csrf_token": ""}):
            response = editor.post(url, data={**fields, **forged}, follow_redirects=False)
            assert response.status_code == 403, (url, forged)
            check_page(response.text)
    assert rows(app, "select status from stories") == [("pending",)]
    assert story_ids(app) == [story_id]
    assert editor.get("/editor").status_code == 200  # logout was refused too


# ----- sessions -----


def test_session_cookie_attributes(app: FastAPI, kb: KnowledgeBase, tmp_path: Path) -> None:
    with TestClient(app) as browser:
        cookie = editor_login(browser).headers["set-cookie"]
    parts = [p.strip().lower() for p in cookie.split(";")]
    assert parts[0].startswith(f"{COOKIE}=")
    assert len(parts[0]) == len(COOKIE) + 1 + 43
    assert {"httponly", "samesite=strict", "path=/editor", "max-age=28800"} <= set(parts)
    assert "secure" not in parts
    production = make_app(tmp_path / "prod", kb, environment="production", secret_key="s" * 40)
    add_editor(production)
    with TestClient(production, base_url="https://testserver") as secure:
        assert "secure" in editor_login(secure).headers["set-cookie"].lower()


def test_tampered_expired_and_signed_out_sessions_are_refused(
    client: TestClient, editor: TestClient, app: FastAPI
) -> None:
    share(client, STORY)
    (story_id,) = story_ids(app)
    good = editor.cookies.get(COOKIE)
    assert good is not None
    stored = rows(app, "select token_hash from editor_sessions")
    assert good not in str(stored)  # the database holds only a hash
    forged_values = [
        "A" * 43,
        good[:-1] + ("A" if good[-1] != "A" else "B"),
        good + "x",
        good[:20],
        "' OR 1=1 --",
        stored[0][0],  # the stored hash itself is not a token
        "",
    ]
    with TestClient(app) as control:  # the same way of setting the cookie, with the real token
        control.cookies.set(COOKIE, good, path="/editor")
        assert control.get("/editor", follow_redirects=False).status_code == 200
    for value in forged_values:
        with TestClient(app) as attacker:
            attacker.cookies.set(COOKIE, str(value), path="/editor")
            page = attacker.get("/editor", follow_redirects=False)
            assert (page.status_code, page.headers["location"]) == (303, "/editor/login")
            csrf_token = page_token(attacker)
            approve = f"/editor/stories/{story_id}/approve"
            post = attacker.post(approve, data={"csrf_token": csrf_token}, follow_redirects=False)
            assert post.headers["location"] == "/editor/login?notice=expired"
            bearer = {"Authorization": f"Bearer {value}"}
            assert attacker.get("/api/v1/stories/pending", headers=bearer).status_code == 401
    assert rows(app, "select status from stories") == [("pending",)]
    # an expired session
    with app.state.services.db.engine.begin() as connection:
        connection.execute(text("update editor_sessions set expires_at = :t"),
                           {"t": utcnow() - timedelta(seconds=1)})  # fmt: skip
    assert editor.get("/editor", follow_redirects=False).status_code == 303
    # signed out: the old cookie replayed no longer works
    assert editor_login(editor).status_code == 303
    token_before = editor.cookies.get(COOKIE)
    editor.post("/editor/logout", data={"csrf_token": page_token(editor)})
    with TestClient(app) as replay:
        replay.cookies.set(COOKIE, str(token_before), path="/editor")
        assert replay.get("/editor", follow_redirects=False).status_code == 303
    assert rows(app, "select count(*) from editor_sessions") == [(0,)]
    assert rows(app, "select status from stories") == [("pending",)]


def test_sign_in_locks_after_five_failures(client: TestClient, app: FastAPI) -> None:
    statuses = [editor_login(client, password="wrong password").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 423]
    locked = editor_login(client)  # the right password, too late
    assert locked.status_code == 423
    assert "paused for 15 minutes" in locked.text
    check_page(locked.text)
    ghost = [editor_login(client, "ghost", "wrong password").status_code for _ in range(5)]
    assert ghost == statuses  # an unknown name is indistinguishable
    assert editor_login(client, "editor2").status_code == 303  # other accounts are unaffected
    actions = rows(app, "select action from audit_log order by id")
    assert actions == [("login_failed",)] * 4 + [("locked",), ("login",)]


def test_sign_in_attempts_are_rate_limited_per_client(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = make_app(tmp_path, kb, login_rate=RateLimit(3, 3600))
    with TestClient(app) as client:
        codes = [editor_login(client, f"user{i}", "wrong password").status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]


# ----- rate limits and nothing lost -----


def test_story_submissions_are_rate_limited(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = make_app(tmp_path, kb, story_rate=RateLimit(2, 3600))
    with TestClient(app) as client:
        codes = [share(client, f"{STORY} ({i})").status_code for i in range(2)]
        limited = share(client, f"{STORY} (third)")
    assert codes == [200, 200]
    assert limited.status_code == 429
    check_page(limited.text)
    assert "wait an hour" in limited.text
    assert f"{STORY} (third)</textarea>" in limited.text  # what they wrote is not lost
    assert len(story_ids(app)) == 2


def test_nothing_stored_is_lost(client: TestClient, editor: TestClient, app: FastAPI) -> None:
    for i in range(3):
        share(client, f"{STORY} #{i}")
    share(client, f"{STORY} #0")  # a double submission
    first, second, third = story_ids(app)
    decide(editor, first, "reject", reason="Not about back pain")
    decide(editor, second, "edit-approve", text=f"{STORY} (edited)", helped="")
    decide(editor, second, "reject", reason="late")  # replay: no change
    decide(editor, first, "approve")  # replay: no change
    stored = rows(app, "select id, status, submitted_text, published_text, rejection_reason "
                       "from stories order by id")  # fmt: skip
    assert stored == [
        (first, "rejected", f"{STORY} #0", None, "Not about back pain"),
        (second, "approved", f"{STORY} #1", f"{STORY} (edited)", None),
        (third, "pending", f"{STORY} #2", None, None),
    ]
    audit = rows(app, "select action, story_id, reason from audit_log where story_id is not null "
                      "order by id")  # fmt: skip
    assert audit == [("reject", first, "Not about back pain"), ("edit_approve", second, None)]


def test_no_identity_is_stored_with_a_story(client: TestClient, app: FastAPI) -> None:
    share(client, STORY, condition_id="shingles")
    columns = {c[1] for c in rows(app, "pragma table_info(stories)")}
    forbidden = {"ip", "ip_address", "name", "email", "phone", "user_agent", "client"}
    assert not columns & forbidden
    assert "testclient" not in str(rows(app, "select * from stories"))
