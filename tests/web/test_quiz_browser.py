"""The quiz behaves like the web: Back and Forward, focus, honest progress, one message.

Playwright drives Debian's Chromium (skipped without it unless BACKCHECK_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backcheck.engine import Engine
from backcheck.evaluation import Case, answer_for, sample_cases
from backcheck.knowledge import KnowledgeBase
from tests.web.helpers import make_app
from tests.web.live import Page, axe, count, read, require_browser, serve, shot
from tests.web.steps import question_id, start

pytestmark = pytest.mark.browser

require_browser()
pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[str]:
    with serve(make_app(tmp_path_factory.mktemp("quiz-browser"), kb)) as url:
        yield url


def continue_button(page: Page) -> None:
    page.click("form.question-form button:text-is('Continue')")


def tick(page: Page, options: list[str]) -> None:
    """Answer a tick-all-that-apply question on screen."""
    for option in options:
        page.check(f'input[name=answer][value="{option}"]')
    if not options:
        page.check("#opt-none")
    continue_button(page)


def path(page: Page) -> str:
    url: str = page.url
    return "/" + url.split("/", 3)[3]


def test_back_and_forward_move_through_the_questions(page: Page) -> None:
    start(page, "35", "male")
    tick(page, ["loc_left_shoulder_blade"])
    page.click("button:text-is('Skip this step')")
    tick(page, [])  # the emergency screen
    tick(page, [])  # the nerve screen
    interview = path(page).split("/")[2]
    assert (path(page), question_id(page)) == (f"/interview/{interview}/q/4", "screen_general")
    page.go_back()
    assert (path(page), question_id(page)) == (f"/interview/{interview}/q/3", "screen_nerves")
    assert page.is_checked("#opt-none")  # the answer given is shown
    page.go_back()
    assert question_id(page) == "screen_emergency"
    page.go_forward()
    page.go_forward()
    assert (path(page), question_id(page)) == (f"/interview/{interview}/q/4", "screen_general")
    page.go_back()  # answering an earlier question again recomputes what follows
    page.uncheck("#opt-none")
    tick(page, ["arm_numbness"])
    assert (path(page), question_id(page)) == (f"/interview/{interview}/q/4", "screen_general")
    page.click("text=Review or change my answers")
    rows = page.locator(".answer-row")
    assert count(page, ".answer-row") == 3
    assert "arm" in rows.nth(2).inner_text().lower()
    shot(page, "20-answers-after-back")


def test_focus_moves_to_each_new_question(page: Page) -> None:
    start(page, "40", "male")
    for step in range(4):
        focused = read(page, "document.activeElement.id")
        assert focused == "question-title", (step, question_id(page))
        tabs = 0
        while read(page, "document.activeElement.name") != "answer" and tabs < 10:
            page.keyboard.press("Tab")
            tabs += 1
        assert tabs <= 2, f"{tabs} Tab presses to reach the first answer"
        if question_id(page) == "location":
            tick(page, ["loc_mid_spine"])
            assert read(page, "document.activeElement.id") == "describe-title"
            page.click("button:text-is('Skip this step')")
        else:
            tick(page, [])
    axe(page, "question with focus")


def _progress(page: Page) -> float:
    return float(page.locator("#progress").get_attribute("value") or "nan")


def _reply(page: Page, case: Case, engine: Engine) -> None:
    """Answer the question on screen as a patient who knows only the case."""
    qid = question_id(page)
    assert qid is not None, page.url
    answer = answer_for(engine.question(qid), case, "closed_world")
    value = answer.value
    if value == "unknown":
        if count(page, "#opt-unknown"):
            page.check("#opt-unknown")
            continue_button(page)
        else:
            page.click('form.question-form button:text-is("Don\'t know")')
    elif value in ("yes", "no"):
        page.click(f"button[name=answer][value={value}]")
    elif isinstance(value, str):
        page.check(f'input[name=answer][value="{value}"]')
        continue_button(page)
    elif not value and qid == "location":
        page.click("form.question-form button:text-is('I am not sure where')")
    else:
        tick(page, list(value))


# One test per sampled case, so that parallel workers can share them out. The same property
# is checked on many more interviews without a browser (tests/interview/test_machine.py).
@pytest.mark.parametrize("number", range(3))
def test_progress_never_goes_backwards(page: Page, engine: Engine, number: int) -> None:
    case = sample_cases(engine, 3, seed=11)[number]
    start(page, str(case.age), case.sex or "unsaid")
    shown: list[float] = []
    for _ in range(40):
        if "/results/" in page.url:
            break
        if page.url.endswith("/describe"):
            page.click("button:text-is('Skip this step')")
            continue
        if page.url.endswith("/emergency"):
            page.click("text=Continue the questions")
            continue
        shown.append(_progress(page))
        _reply(page, case, engine)
    assert "/results/" in page.url, case.id
    assert shown == sorted(shown), (case.id, shown)
    assert shown[0] < 25, (case.id, shown)
    assert shown[-1] <= 99, (case.id, shown)


def test_under_18_get_the_children_page(page: Page) -> None:
    start(page, "9", "female")
    assert path(page) == "/children"
    assert read(page, "document.activeElement.id") == "children-title"
    assert page.locator("a.tel").first.get_attribute("href") == "tel:911"
    text = page.inner_text("main")
    assert "This check is for adults" in text
    assert "What you can do now" not in text
    shot(page, "21-children")
    axe(page, "children")


def test_nausea_alone_gives_one_message(page: Page) -> None:
    start(page, "52", "female")
    assert question_id(page) == "pregnant"
    page.click("button[name=answer][value=no]")
    tick(page, ["loc_between_shoulder_blades"])
    page.click("button:text-is('Skip this step')")
    tick(page, ["nausea"])
    assert page.url.endswith("/emergency")
    interrupt = page.inner_text("main")
    headline = page.inner_text("h1")
    assert headline in ("Go to an emergency department now.", "Call emergency services now.")
    for other in ("24 hours", "doctor today", "Book an appointment", "Care for it at home"):
        assert other not in interrupt, other
    assert "Heart attack" in interrupt  # the sign names what it can point to
    shot(page, "22-nausea-interrupt")
    page.click("text=See my results now")
    assert "/results/" in page.url
    cards = page.locator(".condition-card")
    names = [cards.nth(i).locator("h3").inner_text() for i in range(count(page, ".condition-card"))]
    assert "Heart attack" in names
    results = page.inner_text("main")
    assert "What you can do now" not in results
    assert "Until you see a doctor" not in results
    for card in range(len(names)):
        facts = cards.nth(card).locator(".facts").inner_text()
        assert "Care for it at home" not in facts
        assert "within 24 hours" not in facts
    assert "You reported a warning sign" in results
    shot(page, "23-nausea-results")
    axe(page, "emergency results")
