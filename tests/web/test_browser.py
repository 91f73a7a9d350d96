"""The pages in a real browser: Playwright driving Debian's Chromium, with axe-core checks.

Skipped when /usr/bin/chromium is missing, unless BACKCHECK_REQUIRE_BROWSER=1 (CI), in which
case the missing browser (or axe-core) fails the run. Screenshots go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.helpers import SELF_CARE, make_app, record
from tests.web.live import Page, axe, content, count, read, require_browser, serve, shot
from tests.web.steps import (
    answer_here,
    click_region,
    finish_quiz,
    question_id,
    start,
    through_location,
)

pytestmark = pytest.mark.browser

require_browser()
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = make_app(tmp_path_factory.mktemp("browser"))
    services = app.state.services
    record(services, services.engine, 18, sex="female", band="age_30_44")
    record(services, services.engine, 6, sex="male", band="age_45_59", demo=True)
    with serve(app) as url:
        yield url


# ----- the tests -----


def test_self_care_quiz_with_keyboard_and_clicks(page: Page) -> None:
    page.goto("/")
    axe(page, "home")
    shot(page, "01-home")
    page.click("text=Start the check")
    assert page.url.endswith("/start")
    # the form by keyboard only
    page.focus("#age")
    page.keyboard.type("30")
    page.keyboard.press("Tab")  # into the sex radios
    page.keyboard.press("ArrowDown")  # Female -> Male
    assert page.is_checked("#sex-male")
    page.keyboard.press("Tab")
    assert read(page, "document.activeElement.textContent") == "Continue"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert question_id(page) == "location"
    shot(page, "02-bodymap")
    # the body map by keyboard: the checkbox list is the form
    page.focus("#opt-loc_left_shoulder_blade")
    page.keyboard.press("Space")
    assert (
        page.locator(".region-loc_left_shoulder_blade")
        .get_attribute("class")
        .endswith("is-selected")
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a checkbox submits the form
    assert "Tell us in your own words" in content(page)
    shot(page, "03-describe")
    page.click("button:text-is('Skip this step')")
    assert question_id(page) == "screen_emergency"
    shot(page, "04-screen")
    finish_quiz(page, SELF_CARE)
    assert "/results/" in page.url
    banner = page.locator(".banner").first
    assert "banner-self_care" in (banner.get_attribute("class") or "")
    sync_api.expect(banner).to_be_visible()
    assert count(page, ".condition-card") >= 1
    first_card = page.locator(".condition-card h3").first.inner_text()
    assert "muscle strain" in first_card.lower()
    sync_api.expect(page.locator("[data-print]")).to_be_visible()  # the print button, shown by JS
    shot(page, "05-results-self-care")
    shot(page, "05-results-top", full=False)
    axe(page, "results")


def test_emergency_interrupts_right_after_the_screen(page: Page) -> None:
    start(page, age="63", sex="male")
    through_location(page, "loc_between_shoulder_blades")
    assert question_id(page) == "screen_emergency"
    answer_here(page, ["chest_pain", "sweating"])
    assert page.url.endswith("/emergency")
    assert page.locator("h1").inner_text().startswith(("Call emergency", "Go to an emergency"))
    shot(page, "06-emergency-interrupt")
    axe(page, "emergency interrupt")
    page.click("text=See my results now")
    assert "/results/" in page.url
    assert "banner-emergency" in (page.locator(".banner").first.get_attribute("class") or "")
    shot(page, "07-results-emergency")


def test_change_an_answer(page: Page) -> None:
    start(page)
    through_location(page)
    for _ in range(4):  # the four screens: none of these
        answer_here(page, [])
    assert question_id(page) == "duration"
    page.click("text=Review or change my answers")
    assert count(page, ".answer-row") == 5
    axe(page, "answers")
    shot(page, "08-answers")
    page.locator(".answer-row", has_text="Have you noticed").get_by_role("link").click()
    assert page.is_checked("#opt-none")
    axe(page, "change form")
    page.check('input[name=answer][value="arm_numbness"]')
    assert not page.is_checked("#opt-none")  # JS unticks "none"
    page.click("form.question-form button:text-is('Continue')")
    assert question_id(page) == "screen_general"  # later answers dropped, asked again
    page.click("text=Review or change my answers")
    rows = page.locator(".answer-row")
    assert count(page, ".answer-row") == 3
    assert "arm" in rows.nth(2).inner_text().lower()
    page.click("text=Back to the questions")
    page.click("text=Back to the previous question")  # the answer given is shown again
    assert question_id(page) == "screen_nerves"
    assert page.is_checked('input[name=answer][value="arm_numbness"]')


def test_body_map_clicks_toggle_the_checkboxes(page: Page) -> None:
    start(page, age="61", sex="female")
    regions = ["loc_neck_base", "loc_upper_spine", "loc_ribs_right", "loc_right_shoulder_blade"]
    for region in regions:
        click_region(page, region)
        assert page.is_checked(f'input[data-option="{region}"]'), region
    click_region(page, "loc_upper_spine")
    assert not page.is_checked('input[data-option="loc_upper_spine"]')
    selected = count(page, ".region.is-selected")
    assert selected == 3
    shot(page, "09-bodymap-selected")
    axe(page, "body map")
    page.click("form.question-form button:text-is('Continue')")
    page.click("button:text-is('Skip this step')")
    page.click("text=Review or change my answers")
    text = page.locator(".answer-row").first.inner_text()
    assert "base of the neck" in text
    assert "right ribs" in text
    assert "upper spine" not in text


def test_condition_library_and_search(page: Page) -> None:
    page.goto("/conditions")
    axe(page, "conditions")
    page.fill("#q", "shingles")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=shingles" in page.url
    page.click("a[href='/conditions/shingles']")
    assert page.locator("h1").inner_text().lower().startswith("shingles")
    shot(page, "10-condition")
    axe(page, "condition")
    page.goto("/conditions/aortic_dissection")
    assert "Call emergency services" in page.locator(".urgency").inner_text()


def test_print_view_of_the_results(page: Page) -> None:
    start(page)
    through_location(page)
    answer_here(page, ["tearing_pain"])
    page.click("text=See my results now")
    sync_api.expect(page.locator(".site-header nav")).to_be_visible()
    page.emulate_media(media="print")
    sync_api.expect(page.locator(".site-header nav")).to_be_hidden()
    sync_api.expect(page.locator("[data-print]")).to_be_hidden()
    sync_api.expect(page.locator(".summary")).to_be_visible()
    assert count(page, ".summary-table tr") >= 3
    sync_api.expect(page.locator(".banner").first).to_be_visible()
    shot(page, "11-print")
    page.emulate_media(media="screen")


def test_pages_fit_320_pixels(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    start(page, age="62", sex="female")
    pages = {
        "bodymap": page.url,
        "home": "/",
        "start": "/start",
        "guide": "/guide",
        "statistics": "/statistics",
        "condition": "/conditions/kidney_stone",
    }
    for name, url in pages.items():
        page.goto(url)
        width = read(page, "document.documentElement.scrollWidth")
        assert width <= 320, f"{name} is {width}px wide at a 320px viewport"
        shot(page, f"12-narrow-{name}", full=False)
    page.goto(pages["bodymap"])
    through_location(page)
    answer_here(page, ["chest_pain"])
    assert read(page, "document.documentElement.scrollWidth") <= 320
    shot(page, "12-narrow-emergency", full=False)


def test_works_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/start")
        page.fill("#age", "38")
        page.check("#sex-female")
        page.click("form.start-form button[type=submit]")
        assert question_id(page) == "pregnant"
        page.click("button[name=answer][value=no]")
        page.check('input[data-option="loc_mid_spine"]')
        page.click("form.question-form button:text-is('Continue')")
        page.click("button:text-is('Skip this step')")
        assert question_id(page) == "screen_emergency"
        page.check("#opt-none")
        page.click("form.question-form button:text-is('Continue')")
        assert question_id(page) == "screen_nerves"
        page.click("text=Back to the previous question")
        assert question_id(page) == "screen_emergency"
        assert page.is_checked("#opt-none")
    finally:
        context.close()


def test_axe_on_the_remaining_page_types(page: Page) -> None:
    for path in ("/start", "/guide", "/statistics", "/emergency", "/interview/not-an-id"):
        page.goto(path)
        axe(page, path)
    page.goto("/statistics")
    assert count(page, "svg.bar") >= 3
    assert "includes 6 simulated demo assessments" in content(page)
    shot(page, "15-statistics")
    page.select_option("#sex", "male")
    page.click("form.filter-form button")
    assert "Fewer than 20" in content(page)
    axe(page, "statistics, hidden group")
    page.goto("/start")
    page.click("form.start-form button[type=submit]")  # nothing filled in: the 422 form
    sync_api.expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "start with errors")
    page.fill("#age", "40")
    page.check("#sex-female")
    page.click("form.start-form button[type=submit]")
    assert question_id(page) == "pregnant"  # women who may be pregnant are asked first
    axe(page, "pregnancy question")
    answer_here(page, "no")
    click_region(page, "loc_mid_spine")
    page.click("form.question-form button:text-is('Continue')")
    axe(page, "describe")
    try:
        from backcheck.language import TextParser  # noqa: F401
    except ImportError:
        page.click("button:text-is('Skip this step')")
    else:
        page.fill("#text", "Burning pain between my shoulder blades for two days, no fever.")
        page.click("form.describe-form button:text-is('Continue')")
        assert count(page, ".chip") >= 1
        axe(page, "understood")
        shot(page, "13-understood")
        before = count(page, ".chip")
        page.locator(".chip-remove").first.click()
        sync_api.expect(page.locator(".chip")).to_have_count(before - 1)  # removed in place
        assert "/understood" in page.url
        page.click("text=Continue to the questions")
    for _ in range(4):  # the four screens
        answer_here(page, [])
    for _ in range(3):  # reach a one-choice question and more
        page.goto(page.url)
        axe(page, f"question {question_id(page)}")
        answer_here(page, "unknown")
    shot(page, "14-question")
