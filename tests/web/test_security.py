"""Security on the pages: headers, CSRF on every form, no 500s, nothing of the free text kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route

from backcheck.config import RateLimit
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser
from backcheck.web import csrf, library, pages, quiz
from tests.web.helpers import answer, check_page, make_app, page_token, start, token


def post_routes() -> list[str]:
    paths = []
    for router in (pages.router, quiz.router, library.router):
        for route in router.routes:
            if isinstance(route, Route) and "POST" in (route.methods or set()):
                paths.append(route.path)
    return sorted(paths)


def concrete(path: str, interview: str) -> str:
    return (
        path.replace("{interview_id}", interview)
        .replace("{question_id}", "location")
        .replace("{number}", "1")
    )


def test_security_headers_on_pages(client: TestClient) -> None:
    for path in ("/", "/start", "/conditions", "/guide", "/statistics", "/nowhere"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"


def test_csrf_cookie_attributes(client: TestClient, tmp_path: Path) -> None:
    fresh = TestClient(client.app)
    cookie = fresh.get("/").headers["set-cookie"].lower()
    assert cookie.startswith(csrf.COOKIE + "=")
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "path=/" in cookie
    assert "secure" not in cookie
    production = make_app(tmp_path, environment="production", secret_key="p" * 40)
    with TestClient(production, base_url="https://testserver") as secure_client:
        assert "secure" in secure_client.get("/").headers["set-cookie"].lower()


def test_every_post_form_route_is_protected(client: TestClient) -> None:
    interview = start(client)
    routes = post_routes()
    assert {"/start", "/interview/{interview_id}/q/{number}"} <= set(routes)
    for path in routes:
        url = concrete(path, interview)
        missing = client.post(url, data={"answer": "yes", "age": "30", "sex": "male"})
        assert missing.status_code == 403, path
        check_page(missing.text)
        assert "out of date" in missing.text
        forged = client.post(url, data={"csrf_token": "0" * 64, "age": "30", "sex": "male"})
        assert forged.status_code == 403, path


def test_token_is_bound_to_the_cookie(app: FastAPI, client: TestClient) -> None:
    stolen = page_token(client)
    with TestClient(app) as other:
        other.get("/")  # a different browser, with its own cookie
        response = other.post("/start", data={"csrf_token": stolen, "age": "30", "sex": "male"})
        assert response.status_code == 403
    with TestClient(app) as cookieless:  # a token but no cookie at all
        response = cookieless.post("/start", data={"csrf_token": stolen, "age": "30"})
        assert response.status_code == 403


def test_token_works_across_pages(client: TestClient) -> None:
    first = token(client.get("/start").text)
    second = token(client.get("/start").text)
    assert first == second  # one cookie per browser: forms in other tabs stay valid


def test_garbage_never_gives_a_500(client: TestClient) -> None:
    interview = start(client)
    csrf_token = page_token(client)
    junk: list[dict[str, Any]] = [
        {"csrf_token": csrf_token, "question_id": "location", "step": "x" * 50, "answer": "\x00"},
        {"csrf_token": csrf_token, "question_id": "", "step": "-1"},
        {"csrf_token": csrf_token, "question_id": "location", "answer": ["a"] * 50},
        {"csrf_token": csrf_token, "question_id": "screen_emergency", "action": "unknown"},
        {"csrf_token": csrf_token, "step": "99999999999999999999", "finding_id": "x" * 500},
    ]
    for path in ("answer", "back", "describe", "forget", "change/location", "change/zzz"):
        for data in junk:
            response = client.post(f"/interview/{interview}/{path}", data=data)
            assert response.status_code < 500, (path, data, response.status_code)
    for query in ("?q=" + "x" * 500, "?q=%00", "?age_band=zzz", "?sex=%3Cb%3E"):
        for path in ("/conditions", "/statistics"):
            assert client.get(path + query).status_code < 500


def test_wrong_method_and_too_large_bodies(client: TestClient) -> None:
    response = client.put("/interview/x/q/1")
    assert response.status_code == 405
    check_page(response.text)
    big = client.post("/start", content=b"age=" + b"1" * 70_000,
                      headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert big.status_code == 413
    assert "text/html" in big.headers["content-type"]


def test_a_crash_still_shows_the_emergency_signs(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as crashing:
        response = crashing.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert "Call emergency services now" in response.text
    assert "Chest pain, pressure or tightness" in response.text
    check_page(response.text)


def test_api_errors_stay_json(client: TestClient) -> None:
    response = client.get("/api/v1/interviews/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("name", ["site.css", "site.js", "favicon.svg"])
def test_static_assets_ship_and_are_served(client: TestClient, name: str) -> None:
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    if name != "favicon.svg":
        assert "http://" not in response.text
        assert "https://" not in response.text
        assert "@import" not in response.text
        assert "fonts.g" not in response.text


def test_question_pages_count_against_the_read_rate(kb: KnowledgeBase, tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path, kb, read_rate=RateLimit(3, 60))) as browser:
        interview = start(browser)
        codes = [browser.get(f"/interview/{interview}/q/1").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = browser.get(f"/interview/{interview}/answers")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        check_page(refused.text)
        assert "Too many requests" in refused.text
        assert "call 911" in refused.text.lower() or "tel:911" in refused.text  # still reachable


def test_a_description_counts_against_the_text_rate_and_is_kept(
    kb: KnowledgeBase, parser: TextParser, tmp_path: Path
) -> None:
    words = "Sharp ache between my shoulder blades since Saturday, worse when I twist. " * 3
    with TestClient(make_app(tmp_path, kb, parser=parser, text_rate=RateLimit(300, 60))) as browser:
        interview = start(browser)
        answer(browser, interview, ["loc_left_shoulder_blade"], expect="location")
        page = browser.get(f"/interview/{interview}/describe").text
        first = browser.post(
            f"/interview/{interview}/describe",
            data={"csrf_token": token(page), "text": words},
            follow_redirects=False,
        )
        assert first.status_code == 303
        page = browser.get(f"/interview/{interview}/describe").text
        again = browser.post(
            f"/interview/{interview}/describe", data={"csrf_token": token(page), "text": words}
        )
        assert again.status_code == 429
        assert int(again.headers["retry-after"]) > 0
        check_page(again.text)
        assert "sent a lot of text" in again.text
        assert "worse when I twist" in again.text  # what they wrote is still in the box
