"""Helpers for the web tests: an app on a temporary SQLite file, form posting, HTML checks."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from backcheck.app import create_app
from backcheck.config import Config, RateLimit
from backcheck.engine import Engine, Patient, State
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser
from backcheck.service import Services, build_services, record_assessment

#: Answers that make a clear upper back muscle strain (self-care).
SELF_CARE: dict[str, str | list[str]] = {
    "location": ["loc_left_shoulder_blade"],
    "screen_emergency": [],
    "screen_nerves": [],
    "screen_general": [],
    "duration": "duration_1_to_7_days",
    "onset": "onset_hours",
    "character": ["feel_aching", "feel_tight"],
    "spread": [],
    "trigger": ["began_after_lifting"],
    "severity": "severity_moderate",
    "course": "course_improving",
    "worse": ["worse_movement"],
    "better": ["better_rest", "better_heat_massage"],
    "pattern": "pattern_intermittent",
    "timing": "time_evening",
    "muscle_signs": ["worse_pressing"],
}


def make_app(
    data_dir: Path,
    kb: KnowledgeBase | None = None,
    *,
    parser: TextParser | None = None,
    **overrides: object,
) -> FastAPI:
    """The app on a fresh SQLite file, with a rate limit no test reaches (reusing `kb`).

    The parser is built at the first description, unless the test gives the session's `parser`
    fixture (building one takes a second or more).
    """
    values: dict[str, object] = {
        "data_dir": data_dir,
        "environment": "test",
        "write_rate": RateLimit(100_000, 60),
        "read_rate": RateLimit(100_000, 60),
        "parser_at_start": False,  # built at the first description: most tests send none
    }
    values.update(overrides)
    if values["environment"] == "test":
        values.setdefault("password_profile", "cheapest")  # sign-ins in milliseconds
    config = Config.model_validate(values)
    return create_app(services=build_services(config, kb=kb, parser=parser))


def record(
    services: Services, engine: Engine, count: int, *, sex: str, band: str, demo: bool = False
) -> None:
    """Store `count` completed assessments of one kind (for the statistics)."""
    age = {"age_30_44": 37, "age_45_59": 52}[band]
    evidence: dict[str, State] = {
        "loc_between_shoulder_blades": "present",
        "feel_aching": "present",
        "neck_pain": "present",
        "duration_1_to_7_days": "present",
    }
    assessment = engine.assess(evidence, Patient.parse(age, sex))
    with services.db.session() as session:
        for _ in range(count):
            record_assessment(
                session, assessment, age_band=band, sex=sex, questions=5, channel="web",
                is_demo=demo,
            )  # fmt: skip


def token(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


def page_token(client: TestClient) -> str:
    """A valid CSRF token for this client (visits the start form, which sets the cookie)."""
    return token(client.get("/start").text)


def start(client: TestClient, age: str = "34", sex: str = "male") -> str:
    """Start an interview through the form; return its id."""
    response = client.post(
        "/start",
        data={"csrf_token": page_token(client), "age": age, "sex": sex},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/interview/")
    return location.split("/")[2]


def hidden(html: str, name: str) -> str | None:
    """The value of a hidden input in a page."""
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


def form_action(html: str) -> str:
    """Where the question form of a page posts to."""
    match = re.search(r'<form method="post" action="([^"]+)" class="question-form', html)
    assert match, "the page shows no question form"
    return match.group(1)


def form_data(csrf: str, question_id: str, value: str | Sequence[str]) -> dict[str, object]:
    """The body a question form posts."""
    data: dict[str, object] = {"csrf_token": csrf, "question_id": question_id}
    if value == "unknown":
        data["action"] = "unknown"
    elif isinstance(value, str):
        data["answer"] = value
    else:
        data["answer"] = list(value) if value else ["none"]
    return data


def where(client: TestClient, interview_id: str) -> str:
    """The address the interview sends the person to now."""
    response = client.get(f"/interview/{interview_id}", follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def answer(
    client: TestClient, interview_id: str, value: str | Sequence[str], expect: str | None = None
) -> str:
    """Answer the question the interview shows now; return the page after the redirect."""
    page = client.get(f"/interview/{interview_id}").text
    qid = hidden(page, "question_id")
    assert qid is not None, "the page shows no question"
    if expect is not None:
        assert qid == expect
    data = form_data(token(page), qid, value)
    response = client.post(form_action(page), data=data)
    assert response.status_code == 200, response.text
    return response.text


def current_question(client: TestClient, interview_id: str) -> str | None:
    """The id of the question the interview shows now (None on other pages)."""
    return hidden(client.get(f"/interview/{interview_id}").text, "question_id")


def skip_describe(client: TestClient, interview_id: str) -> None:
    """Skip the "in your own words" step."""
    page = client.get(f"/interview/{interview_id}").text
    assert "Tell us in your own words" in page
    response = client.post(
        f"/interview/{interview_id}/describe",
        data={"csrf_token": token(page), "action": "skip"},
    )
    assert response.status_code == 200


def run_plan(
    client: TestClient,
    interview_id: str,
    plan: Mapping[str, str | Sequence[str]],
    limit: int = 40,
) -> list[str]:
    """Answer questions from a plan (no / none / unknown otherwise) until the results."""
    asked: list[str] = []
    for _ in range(limit):
        target = where(client, interview_id)
        if target.startswith("/results/"):
            return asked
        if target.endswith("/describe"):
            skip_describe(client, interview_id)
            continue
        assert "/q/" in target, f"unexpected redirect to {target}"
        page = client.get(target).text
        qid = hidden(page, "question_id")
        assert qid is not None, page[:400]
        asked.append(qid)
        if qid in plan:
            value = plan[qid]
        elif 'value="yes"' in page:
            value = "no"
        elif 'type="checkbox"' in page:
            value = []
        else:
            value = "unknown"
        data = form_data(token(page), qid, value)
        assert client.post(form_action(page), data=data).status_code == 200
    raise AssertionError("the quiz did not finish")


class PageCheck(HTMLParser):
    """Collects what the CSP forbids (inline scripts, styles, handlers) and page facts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts = 0
        self.style_elements = 0
        self.style_attributes: list[str] = []
        self.handlers: list[str] = []
        self.scripts: list[str] = []
        self.external: list[str] = []
        self.forms: list[dict[str, str]] = []
        self.form_fields: list[list[str]] = []
        self.ids: list[str] = []
        self.h1 = 0
        self._in_script = False
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Inspect one opening tag."""
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if "id" in values:
            self.ids.append(values["id"])
        if "style" in values:
            self.style_attributes.append(tag)
        self.handlers.extend(f"{tag}[{k}]" for k in values if k.startswith("on"))
        for key in ("src", "href", "action"):
            url = values.get(key, "")
            if url.startswith(("http:", "https:", "//")):
                self.external.append(url)
        if tag == "script":
            if "src" in values:
                self.scripts.append(values["src"])
            else:
                self._in_script = True
                self.inline_scripts += 1
        if tag == "style":
            self.style_elements += 1
        if tag == "h1":
            self.h1 += 1
        if tag == "form":
            self.forms.append(values)
            self.form_fields.append([])
        if tag in ("input", "button", "textarea", "select") and self.form_fields:
            self.form_fields[-1].append(values.get("name", ""))


def check_page(html: str) -> PageCheck:
    """Parse a page and assert the rules every page keeps."""
    check = PageCheck()
    check.feed(html)
    assert check.inline_scripts == 0, "inline <script>"
    assert check.style_elements == 0, "<style> element"
    assert check.style_attributes == [], f"style= on {check.style_attributes}"
    assert check.handlers == [], f"event handler attributes {check.handlers}"
    assert check.external == [], f"external resources {check.external}"
    assert check.lang == "en"
    assert check.h1 == 1, "exactly one h1"
    assert len(check.ids) == len(set(check.ids)), "duplicate ids"
    assert "This is not a diagnosis" in html
    assert 'href="/emergency"' in html
    for form, fields in zip(check.forms, check.form_fields, strict=True):
        if form.get("method", "get").lower() == "post":
            assert "csrf_token" in fields, f"POST form to {form.get('action')} without CSRF"
    return check


# ----- stories and editors -----

EDITOR_PASSWORD = "correct horse battery staple"
STORY = "Sharp pain between my shoulder blades after painting a ceiling; gone in ten days."


def add_editor(app: FastAPI, name: str = "editor1") -> None:
    """Create an editor account through the service (as `backcheck editors add` does)."""
    from backcheck.service import EditorService

    EditorService(app.state.services).add(name, EDITOR_PASSWORD)


def editors_database(folder: Path, kb: KnowledgeBase, *names: str) -> Path:
    """A database file in `folder` with these editor accounts, made as `add_editor` makes them.

    Hashing a password takes a good fraction of a second (argon2, slow on purpose): a module
    makes the accounts once, and each test starts from a copy (`from_copy`).
    """
    built = make_app(folder, kb)
    for name in names:
        add_editor(built, name)
    built.state.services.db.dispose()
    return folder / "backcheck.db"


def from_copy(database: Path, data_dir: Path, kb: KnowledgeBase, **overrides: Any) -> FastAPI:
    """`make_app` over a copy of the database file `database`."""
    shutil.copyfile(database, data_dir / "backcheck.db")
    return make_app(data_dir, kb, **overrides)


def editor_login(
    client: TestClient, name: str = "editor1", password: str = EDITOR_PASSWORD
) -> Response:
    """Sign in through the form (not following the redirect)."""
    page = client.get("/editor/login")
    data = {"csrf_token": token(page.text), "name": name, "password": password}
    return client.post("/editor/login", data=data, follow_redirects=False)


def share(client: TestClient, text: str = STORY, **fields: str) -> Response:
    """Submit the "share your story" form."""
    page = client.get("/stories/new")
    data = {"csrf_token": token(page.text), "text": text, **fields}
    return client.post("/stories/new", data=data)


def story_ids(app: FastAPI) -> list[int]:
    """Every story id in the database, oldest first."""
    from sqlalchemy import text as sql

    with app.state.services.db.engine.connect() as connection:
        return [int(r[0]) for r in connection.execute(sql("select id from stories order by id"))]


def decide(client: TestClient, story_id: int, action: str, **fields: str) -> Response:
    """Post an editor's decision form from the queue page (not following the redirect)."""
    csrf_token = token(client.get("/editor").text)
    return client.post(
        f"/editor/stories/{story_id}/{action}",
        data={"csrf_token": csrf_token, **fields},
        follow_redirects=False,
    )
