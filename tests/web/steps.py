"""Steps through the quiz in a real browser (Playwright), shared by the browser tests."""

from __future__ import annotations

from tests.web.live import Page, count

__all__ = [
    "answer_here",
    "click_region",
    "finish_quiz",
    "question_id",
    "start",
    "through_location",
]


def question_id(page: Page) -> str | None:
    field = 'input[name="question_id"]'
    return page.locator(field).get_attribute("value") if count(page, field) else None


def start(page: Page, age: str = "30", sex: str = "male") -> None:
    page.goto("/start")
    page.fill("#age", age)
    page.check(f"#sex-{sex}")
    page.click("form.start-form button[type=submit]")


def click_region(page: Page, region: str) -> None:
    """Click a body map region (between the shoulder blades: left of the spine)."""
    locator = page.locator(f".region-{region}")
    if region == "loc_between_shoulder_blades":
        locator.click(position={"x": 8, "y": 30})
    else:
        locator.click()


def through_location(page: Page, *regions: str) -> None:
    assert question_id(page) == "location"
    for region in regions or ("loc_left_shoulder_blade",):
        click_region(page, region)
    page.click("form.question-form button:text-is('Continue')")
    page.click("button:text-is('Skip this step')")


def answer_here(page: Page, value: str | list[str]) -> None:
    """Answer the question on screen with clicks."""
    if value in ("yes", "no"):
        page.click(f"button[name=answer][value={value}]")
        return
    if value == "unknown":
        if count(page, "#opt-unknown"):  # one choice: a "Don't know" radio
            page.check("#opt-unknown")
            page.click("form.question-form button:text-is('Continue')")
        else:  # yes / no, or tick all that apply: a "Don't know" button
            page.click('form.question-form button:text-is("Don\'t know")')
        return
    if isinstance(value, str):
        page.check(f'input[name=answer][value="{value}"]')
    elif value:
        for option in value:
            page.check(f'input[name=answer][value="{option}"]')
    else:
        page.check("#opt-none")
    page.click("form.question-form button:text-is('Continue')")


def finish_quiz(page: Page, plan: dict[str, str | list[str]]) -> list[str]:
    asked: list[str] = []
    for _ in range(40):
        if "/results/" in page.url:
            return asked
        qid = question_id(page)
        assert qid is not None, page.url
        asked.append(qid)
        if qid in plan:
            value = plan[qid]
        elif count(page, "button[name=answer][value=yes]"):
            value = "no"
        elif count(page, "#opt-none"):
            value = []
        else:
            value = "unknown"
        answer_here(page, value)
    raise AssertionError("the quiz did not finish")
