"""In a real browser: finish a check, download the PDF, start a diary and watch it escalate.

Days are simulated by moving the running app's clock (the server runs in this process).
Screenshots and the downloaded PDF go to test-artifacts/.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from pypdf import PdfReader

from backcheck.knowledge import KnowledgeBase
from tests.web.helpers import SELF_CARE, make_app
from tests.web.live import ROOT, Page, axe, count, read, require_browser, serve, shot
from tests.web.steps import finish_quiz, start, through_location

pytestmark = pytest.mark.browser

require_browser()
pytest.importorskip("playwright.sync_api")

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DOWNLOADS = ROOT / "test-artifacts" / "downloads"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> FastAPI:
    return make_app(tmp_path_factory.mktemp("diary-browser"), kb)


@pytest.fixture(scope="module")
def base_url(app: FastAPI) -> Iterator[str]:
    with serve(app) as url:
        yield url


def on_day(app: FastAPI, n: int) -> None:
    app.state.services.clock = lambda: START + timedelta(days=n)


def add_entry(page: Page, pain: int, sleep: bool, signs: tuple[str, ...] = ()) -> None:
    """Fill in today's entry with clicks, as a person would."""
    page.click("a.button:text-matches('(Add|Change) today')")
    assert read(page, "document.activeElement.id") == "entry-title"
    page.check(f"#pain-{pain}")
    page.check(f"#sleep-{'yes' if sleep else 'no'}")
    page.check("#where-loc_between_shoulder_blades")
    page.check("#helped-heat")
    for sign in signs:
        page.check(f"#warning-{sign}")
    page.click("button:text-is('Save this entry')")


def headline(page: Page) -> tuple[str, str]:
    banner = page.locator("section.banner").first
    level = (banner.get_attribute("class") or "").split("banner-")[-1]
    return level, page.inner_text("#advice-title")


def test_check_pdf_and_a_diary_that_escalates(page: Page, app: FastAPI) -> None:
    on_day(app, 0)
    start(page, "34", "male")
    through_location(page, "loc_between_shoulder_blades")
    finish_quiz(page, SELF_CARE)
    assert "/results/" in page.url
    axe(page, "results with downloads and diary")
    shot(page, "39-results-downloads-and-diary")

    # the PDF for the doctor
    with page.expect_download() as info:
        page.click("text=Download a PDF for your doctor")
    download = info.value
    assert download.suggested_filename.startswith("backcheck-report-")
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    target = DOWNLOADS / "report-from-browser.pdf"
    download.save_as(str(target))
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
    assert "Report for a doctor" in text
    assert "Urgency: Care for it at home" in text
    assert "Upper back muscle strain or sprain" in text
    assert "This is not a diagnosis." in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(target), str(DOWNLOADS / "report")],
                       check=True, timeout=60)  # fmt: skip

    # a diary from the results
    page.click("button:text-is('Start a pain diary')")
    assert "/diary/" in page.url
    assert read(page, "document.activeElement.id") == "diary-title"
    assert "Bookmark this page now" in page.inner_text("main")
    assert headline(page) == ("self_care", "Keep recording how it goes.")
    axe(page, "new diary")
    shot(page, "40-diary-new")

    add_entry(page, 6, sleep=False)
    assert read(page, "document.activeElement.id") == "diary-title"
    shot(page, "41-diary-first-entry")
    for day, sleep in ((3, True), (6, True)):
        on_day(app, day)
        page.reload()
        add_entry(page, 6, sleep)
        assert headline(page) == ("self_care", "Keep recording how it goes.")  # day 6, 2 nights

    on_day(app, 7)
    page.reload()
    add_entry(page, 6, sleep=False)
    assert headline(page) == ("consultation", "It is not better after a week of home care.")
    axe(page, "diary: not better after a week")
    shot(page, "42-diary-not-better")

    on_day(app, 8)
    page.reload()
    add_entry(page, 6, sleep=True)
    assert headline(page) == ("consultation", "Pain is waking you at night.")

    on_day(app, 9)
    page.reload()
    add_entry(page, 8, sleep=True)
    assert headline(page) == ("consultation_24", "Your pain is getting worse despite home care.")
    assert count(page, ".pain-point") == 6
    shot(page, "43-diary-worse")

    on_day(app, 10)
    page.reload()
    page.click("a.button:text-matches('(Add|Change) today')")
    axe(page, "diary entry form")
    shot(page, "44-diary-entry-form")
    page.go_back()
    add_entry(page, 8, sleep=True, signs=("tearing_pain",))
    assert page.url.endswith("/emergency")
    assert page.inner_text("h1") == "Call emergency services now."
    assert page.locator("a.tel").first.get_attribute("href") == "tel:911"
    axe(page, "diary emergency")
    shot(page, "45-diary-emergency")

    page.click("text=back to my diary")
    assert headline(page)[0] == "emergency_ambulance"
    page.click("text=Delete this diary now")
    page.click("button:text-is('Yes, delete my diary')")
    assert page.url.endswith("/diary-deleted")
    axe(page, "diary deleted")
