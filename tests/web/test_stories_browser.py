"""Stories in a real browser: share, not yet public, editor approves, published; with axe-core.

Screenshots go to test-artifacts/screenshots/ (names starting with "stories-").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from backcheck.knowledge import KnowledgeBase
from tests.web.helpers import EDITOR_PASSWORD, add_editor, make_app
from tests.web.live import Page, axe, content, count, open_page, read, require_browser, serve, shot

pytestmark = pytest.mark.browser

require_browser()
sync_api = pytest.importorskip("playwright.sync_api")

#: Pages these tests show on purpose: wrong password (401), form errors (422).
EXPECTED = re.compile(r"Failed to load resource: the server responded with a status of 4(01|22)")
STORY = (
    "It began as a burning ache under my right shoulder blade, and two days later a band of "
    "blisters appeared. My GP recognised it at once. Write to me at sam@example.com."
)


@pytest.fixture(scope="module")
def app(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    built = make_app(tmp_path_factory.mktemp("stories-browser"), kb)
    add_editor(built)
    return built


@pytest.fixture(scope="module")
def base_url(app: FastAPI) -> Iterator[str]:
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Page]:
    with open_page(browser, base_url, EXPECTED) as tab:
        yield tab


def story_texts(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".story > .story-text").all_inner_texts()]


def test_share_review_and_publish(page: Page, browser: Any, base_url: str) -> None:
    # a person shares a story from the condition page
    page.goto("/conditions/shingles")
    page.click("text=Share your story about")
    assert page.url.endswith("/stories/new?condition=shingles")
    assert page.locator("#condition_id").input_value() == "shingles"
    axe(page, "story form")
    shot(page, "stories-01-form")
    page.click("form.story-form button[type=submit]")  # empty: errors, nothing lost
    sync_api.expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "story form with errors")
    page.fill("#text", STORY)
    page.select_option("#age_band", "age_30_44")
    page.select_option("#duration", "1_3_months")
    page.fill("#helped", "Antiviral tablets started early, and loose cotton shirts.")
    page.click("form.story-form button[type=submit]")
    assert page.locator("h1").inner_text() == "Thank you for sharing your story"
    assert "we removed 1 email address" in page.locator(".notice").inner_text()
    preview = page.locator(".story-preview").inner_text()
    assert "[email removed]" in preview
    assert "sam@example.com" not in content(page)
    axe(page, "thank you")
    shot(page, "stories-02-thanks")

    # not public yet
    page.goto("/stories")
    assert story_texts(page) == []
    assert "No stories have been published yet" in content(page)
    page.goto("/conditions/shingles")
    assert story_texts(page) == []

    # an editor signs in (a wrong password first) and approves it
    page.goto("/editor")
    assert page.url.endswith("/editor/login")
    axe(page, "editor sign-in")
    shot(page, "stories-03-login")
    page.fill("#name", "editor1")
    page.fill("#password", "not the password")
    page.click("form.login-form button[type=submit]")
    assert "do not match an editor account" in page.locator(".error-summary").inner_text()
    assert page.locator("#password").input_value() == ""
    page.fill("#password", EDITOR_PASSWORD)
    page.click("form.login-form button[type=submit]")
    assert page.url.endswith("/editor")
    assert count(page, "article.review") == 1
    axe(page, "moderation queue")
    shot(page, "stories-04-queue")
    page.click("article.review a:has-text('Edit and approve')")
    assert page.locator("#text").input_value().endswith("[email removed].")
    axe(page, "edit and approve")
    shot(page, "stories-05-edit")
    page.go_back()
    page.click("article.review button:has-text('Approve as written')")
    assert "now published" in page.locator(".notice").inner_text()
    assert count(page, "article.review") == 0
    shot(page, "stories-06-approved")
    page.click("text=Audit log")
    assert count(page, ".audit-table tbody tr") == 3  # failed sign-in, sign-in, approve
    axe(page, "audit log")
    shot(page, "stories-07-audit")

    # published: on its condition page and on the stories page, for anyone
    visitor_context = browser.new_context(base_url=base_url)
    visitor = visitor_context.new_page()
    try:
        visitor.goto("/conditions/shingles")
        section = visitor.locator(".condition-stories")
        assert count(visitor, ".condition-stories .story") == 1
        assert "blisters appeared" in section.inner_text()
        assert "From someone 30 to 44 years old" in section.inner_text()
        assert "Antiviral tablets" in section.inner_text()
        section.scroll_into_view_if_needed()
        axe(visitor, "condition page with a story")
        shot(visitor, "stories-08-condition", full=False)
        visitor.goto("/stories")
        assert len(visitor.locator(".story").all()) == 1
        axe(visitor, "stories page")
        shot(visitor, "stories-09-list")
        assert visitor.goto("/editor/audit").url.endswith("/editor/login?next=/editor/audit")
    finally:
        visitor_context.close()

    # sign out
    page.click("text=Sign out")
    assert "You have signed out." in content(page)
    page.goto("/editor")
    assert page.url.endswith("/editor/login")


def test_story_pages_fit_320_pixels(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/stories", "/stories/new", "/editor/login"):
        page.goto(path)
        width = read(page, "document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
    page.fill("#name", "editor1")
    page.fill("#password", EDITOR_PASSWORD)
    page.click("form.login-form button[type=submit]")
    for path in ("/editor", "/editor/audit"):
        page.goto(path)
        width = read(page, "document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
    shot(page, "stories-10-narrow-audit", full=False)
