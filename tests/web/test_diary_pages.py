"""The pain diary's pages without JavaScript: start from results, entries, advice, deletion."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.web.helpers import SELF_CARE, check_page, run_plan, start, token

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(app: FastAPI) -> Iterator[list[datetime]]:
    """Set `clock[0]` to move the app's time; restored afterwards."""
    services = app.state.services
    original = services.clock
    now = [START]
    services.clock = lambda: now[0]
    yield now
    services.clock = original


def new_diary(client: TestClient) -> str:
    interview_id = start(client)
    run_plan(client, interview_id, SELF_CARE)
    results = client.get(f"/results/{interview_id}").text
    assert "Start a pain diary" in results
    response = client.post(
        f"/results/{interview_id}/diary",
        data={"csrf_token": token(results)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    location = str(response.headers["location"])
    match = re.fullmatch(r"/diary/([A-Za-z0-9_-]{43})\?notice=started", location)
    assert match, location
    return match.group(1)


def post_entry(client: TestClient, key: str, **fields: object) -> Response:
    page = client.get(f"/diary/{key}/entry").text
    data = {"csrf_token": token(page), **fields}
    return client.post(f"/diary/{key}/entry", data=data, follow_redirects=False)


def test_start_a_diary_from_the_results(client: TestClient, clock: list[datetime]) -> None:
    key = new_diary(client)
    page = client.get(f"/diary/{key}?notice=started").text
    check_page(page)
    assert "Your diary is ready. Bookmark this page now" in page
    assert "Keep recording how it goes." in page
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page
    assert "No entries yet." in page
    assert f"/diary/{key}" in page  # the link to keep
    assert "Each entry is deleted 90 days after you record it" in page
    form = client.get(f"/diary/{key}/entry").text
    check_page(form)
    for name in ("day", "pain", "sleep", "where", "helped", "warning"):
        assert f'name="{name}"' in form
    assert "<textarea" not in form
    assert 'type="text"' not in form  # nowhere to type


def test_entries_over_the_days_escalate_the_advice(
    client: TestClient, clock: list[datetime]
) -> None:
    key = new_diary(client)
    for day, pain in ((0, 6), (3, 6), (7, 6)):
        clock[0] = START + timedelta(days=day)
        when = clock[0].date().isoformat()
        response = post_entry(client, key, day=when, pain=str(pain), sleep="no",
                              where="loc_mid_spine", helped=["heat", "rest"])  # fmt: skip
        assert response.status_code == 303
        assert response.headers["location"] == f"/diary/{key}?notice=saved"
    page = client.get(f"/diary/{key}").text
    check_page(page)
    assert "It is not better after a week of home care." in page
    assert "Book a visit with a doctor" in page
    assert "Based on: Cleveland Clinic, Dignity Health." in page
    assert page.count('class="pain-point') == 3
    assert '<th scope="row">Tue 8 Dec <span class="small">(day 7)</span></th>' in page
    again = post_entry(client, key, day="2026-12-08", pain="5", sleep="yes")
    assert again.headers["location"] == f"/diary/{key}?notice=replaced"


def test_a_warning_sign_shows_the_emergency_page_at_once(
    client: TestClient, clock: list[datetime]
) -> None:
    key = new_diary(client)
    response = post_entry(client, key, day="2026-12-01", pain="4", sleep="no",
                          warning=["chest_pain", "sweating"])  # fmt: skip
    assert response.headers["location"] == f"/diary/{key}/emergency"
    page = client.get(f"/diary/{key}/emergency").text
    check_page(page)
    assert "Call emergency services now." in page
    assert 'href="tel:911"' in page
    assert "You ticked: chest pain; a cold sweat with the pain." in page
    diary = client.get(f"/diary/{key}").text
    assert 'class="banner banner-emergency_ambulance"' in diary


def test_a_bad_entry_is_shown_again_with_what_to_fix(
    client: TestClient, clock: list[datetime]
) -> None:
    key = new_diary(client)
    missing = post_entry(client, key, day="2026-12-01", sleep="no", helped="ice")
    assert missing.status_code == 422
    text = missing.text
    check_page(text)
    assert "Please choose how bad the pain is, from 0 to 10." in text
    assert 'value="ice" id="helped-ice" checked' in text
    assert 'value="no" id="sleep-no" checked' in text
    odd = post_entry(client, key, day="2026-12-01", pain="3", sleep="no", helped="my own cure")
    assert odd.status_code == 422
    assert "Unknown help: my own cure." in odd.text
    future = post_entry(client, key, day="2026-12-25", pain="3", sleep="no")
    assert "An entry can be for a day from 1 December to today" in future.text
    assert "No entries yet." in client.get(f"/diary/{key}").text


def test_forms_need_their_csrf_token(client: TestClient, clock: list[datetime]) -> None:
    key = new_diary(client)
    forged = client.post(f"/diary/{key}/entry", data={"pain": "3", "sleep": "no"})
    assert forged.status_code == 403
    assert client.post(f"/diary/{key}/delete", data={"confirm": "yes"}).status_code == 403
    assert client.get(f"/diary/{key}").status_code == 200


def test_deleting_asks_first_then_is_immediate(client: TestClient, clock: list[datetime]) -> None:
    key = new_diary(client)
    confirm = client.get(f"/diary/{key}/delete").text
    check_page(confirm)
    assert "Yes, delete my diary" in confirm
    unsure = client.post(f"/diary/{key}/delete", data={"csrf_token": token(confirm)},
                         follow_redirects=False)  # fmt: skip
    assert unsure.headers["location"] == f"/diary/{key}/delete"
    done = client.post(f"/diary/{key}/delete", data={"csrf_token": token(confirm),
                       "confirm": "yes"}, follow_redirects=False)  # fmt: skip
    assert done.headers["location"] == "/diary-deleted"
    check_page(client.get("/diary-deleted").text)
    gone = client.get(f"/diary/{key}")
    assert gone.status_code == 404
    check_page(gone.text)
    assert "The link may be mistyped, or the diary was deleted or has expired." in gone.text


def test_unknown_and_malformed_diary_links(client: TestClient) -> None:
    for key in ("x" * 43, "nope", "%3Cscript%3E"):
        response = client.get(f"/diary/{key}")
        assert response.status_code == 404
        assert "<script>" not in response.text
