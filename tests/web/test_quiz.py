"""The quiz without JavaScript: plain forms, Post/Redirect/Get, replays and changes."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.helpers import (
    SELF_CARE,
    answer,
    check_page,
    current_question,
    form_data,
    hidden,
    page_token,
    run_plan,
    skip_describe,
    start,
    token,
)


def to_screen(client: TestClient, **who: str) -> str:
    interview = start(client, **who)
    answer(client, interview, ["loc_between_shoulder_blades"], expect="location")
    skip_describe(client, interview)
    return interview


def test_start_page_and_start_form(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    check_page(page.text)
    assert "Call emergency services now" in page.text
    assert 'href="/start"' in page.text
    form = client.get("/start")
    check_page(form.text)
    assert 'name="age"' in form.text
    assert 'name="sex"' in form.text
    assert 'name="pregnant"' in form.text


def test_first_step_is_the_body_map(client: TestClient) -> None:
    interview = start(client, age="41", sex="female", pregnant="no")
    page = client.get(f"/interview/{interview}")
    check_page(page.text)
    assert hidden(page.text, "question_id") == "location"
    assert 'class="region region-loc_between_shoulder_blades"' in page.text
    for option in ("loc_neck_base", "loc_ribs_left", "loc_lower_back"):
        assert f'value="{option}"' in page.text  # the checkbox list is the same form
    assert '<label for="first-choice">Pain between the shoulder blades</label>' in page.text


def test_self_care_quiz_to_results(client: TestClient) -> None:
    interview = start(client, age="30", sex="male")
    asked = run_plan(client, interview, SELF_CARE)
    assert asked[:4] == ["location", "screen_emergency", "screen_nerves", "screen_general"]
    response = client.get(f"/interview/{interview}", follow_redirects=False)
    assert response.headers["location"] == f"/results/{interview}"
    page = client.get(f"/results/{interview}").text
    check_page(page)
    banner = page.index('class="banner banner-self_care"')
    assert banner < page.index("What could be causing it")
    assert "Upper back muscle strain or sprain" in page
    assert re.search(r"about \d+ in 10|almost 10 in 10", page)
    assert "people with answers like yours" in page
    for heading in (
        "What you can do for now",
        "When to see a doctor",
        "Questions the doctor may ask",
        "Summary for your doctor",
        "Why it was suggested",
    ):
        assert heading in page
    assert "Pain at the left shoulder blade" in page  # an answer in words in the summary
    assert "data-print" in page
    assert "<noscript>" in page


def test_progress_help_and_back_link(client: TestClient) -> None:
    interview = to_screen(client)
    page = client.get(f"/interview/{interview}").text
    assert "<progress" in page
    assert "What does this mean?" in page
    assert f'action="/interview/{interview}/back"' in page
    step = hidden(page, "step")
    assert step == "1"
    back = client.post(
        f"/interview/{interview}/back", data={"csrf_token": token(page), "step": step}
    )
    assert back.status_code == 200
    assert hidden(back.text, "question_id") == "location"
    again = client.post(
        f"/interview/{interview}/back", data={"csrf_token": token(page), "step": step}
    )
    assert hidden(again.text, "question_id") == "location"  # a replayed back changes nothing
    checked = re.search(r'value="loc_between_shoulder_blades"[^>]*checked', back.text)
    assert checked is None  # the location question is asked afresh


def test_emergency_interrupts_at_once(client: TestClient) -> None:
    interview = to_screen(client, age="62", sex="male")
    page = answer(client, interview, ["chest_pain"], expect="screen_emergency")
    check_page(page)
    assert "Stop here" in page
    assert "Go to an emergency department now" in page or "Call emergency services" in page
    assert f'action="/interview/{interview}/finish"' in page
    assert f'action="/interview/{interview}/continue"' in page
    # continue the questions
    cont = client.post(f"/interview/{interview}/continue", data={"csrf_token": token(page)})
    assert hidden(cont.text, "question_id") == "screen_nerves"
    # ... then see the results
    done = client.post(f"/interview/{interview}/finish", data={"csrf_token": token(page)})
    assert done.url.path == f"/results/{interview}"
    assert re.search(r'class="banner banner-emergency(_ambulance)?"', done.text)
    assert done.text.index("banner-emergency") < done.text.index("What could be causing it")


def test_after_continuing_an_emergency_a_reminder_stays(client: TestClient) -> None:
    interview = to_screen(client, age="62", sex="male")
    page = answer(client, interview, ["chest_pain"])
    nxt = client.post(f"/interview/{interview}/continue", data={"csrf_token": token(page)})
    assert "point to an emergency" in nxt.text
    assert f'href="/interview/{interview}/emergency"' in nxt.text


def test_lower_back_only_is_out_of_scope_but_still_triaged(client: TestClient) -> None:
    interview = start(client, age="40", sex="female", pregnant="no")
    run_plan(client, interview, {"location": ["loc_lower_back"]})
    page = client.get(f"/results/{interview}").text
    assert "made for pain in the upper and middle back" in page
    assert page.index('class="banner banner-') < page.index("made for pain in the upper")


def test_emergency_finish_straight_away(client: TestClient) -> None:
    interview = to_screen(client, age="58", sex="female")
    page = answer(client, interview, ["tearing_pain"])
    assert "Stop here" in page
    result = client.post(f"/interview/{interview}/finish", data={"csrf_token": token(page)})
    assert "Call emergency services" in result.text
    assert result.url.path == f"/results/{interview}"


def test_change_an_answer_recomputes_later_questions(client: TestClient) -> None:
    interview = to_screen(client)
    answer(client, interview, [], expect="screen_emergency")
    answer(client, interview, [], expect="screen_nerves")
    listing = client.get(f"/interview/{interview}/answers")
    check_page(listing.text)
    assert "None of these" in listing.text
    link = f"/interview/{interview}/change/screen_emergency"
    assert f'href="{link}"' in listing.text
    form = client.get(link)
    check_page(form.text)
    assert "Change an answer" in form.text
    assert re.search(r'value="none"[^>]*checked', form.text)
    changed = client.post(
        link, data=form_data(token(form.text), "screen_emergency", None, ["fainting"])
    )
    assert "Stop here" in changed.text  # the new answer is an emergency
    answers = client.get(f"/interview/{interview}/answers").text
    assert "<dt>Have you noticed any of these" not in answers  # the later answer was dropped
    assert "Fainting or nearly fainting" in answers


def test_changing_to_the_same_answer_keeps_later_answers(client: TestClient) -> None:
    interview = to_screen(client)
    answer(client, interview, [], expect="screen_emergency")
    answer(client, interview, [], expect="screen_nerves")
    link = f"/interview/{interview}/change/screen_emergency"
    form = client.get(link).text
    same = client.post(link, data=form_data(token(form), "screen_emergency", None, []))
    assert "Nothing changed" in same.text
    assert current_question(client, interview) == "screen_general"


def test_change_of_an_unanswered_question_is_a_friendly_404(client: TestClient) -> None:
    interview = to_screen(client)
    for path in ("change/duration", "change/no_such_question", "change/..%2Fx"):
        response = client.get(f"/interview/{interview}/{path}")
        assert response.status_code == 404
        check_page(response.text)


def test_replayed_answer_is_harmless(client: TestClient) -> None:
    interview = to_screen(client)
    page = client.get(f"/interview/{interview}").text
    data = form_data(token(page), "screen_emergency", hidden(page, "step"), [])
    first = client.post(f"/interview/{interview}/answer", data=data)
    assert hidden(first.text, "question_id") == "screen_nerves"
    again = client.post(f"/interview/{interview}/answer", data=data)
    assert again.status_code == 200
    assert hidden(again.text, "question_id") == "screen_nerves"
    answers = client.get(f"/interview/{interview}/answers").text
    assert answers.count("<dt>Together with the back pain") == 1


def test_stale_form_for_another_question_changes_nothing(client: TestClient) -> None:
    interview = to_screen(client)
    csrf = page_token(client)
    stale = form_data(csrf, "began_after_lifting", "9", "yes")
    response = client.post(f"/interview/{interview}/answer", data=stale)
    assert response.status_code == 200
    assert "nothing changed" in response.text
    assert hidden(response.text, "question_id") == "screen_emergency"


def test_missing_answer_shows_the_form_again(client: TestClient) -> None:
    interview = start(client)
    page = client.get(f"/interview/{interview}").text
    data = {"csrf_token": token(page), "question_id": "location", "step": "0"}
    response = client.post(f"/interview/{interview}/answer", data=data)
    assert response.status_code == 422
    check_page(response.text)
    assert "Please tick at least one area" in response.text
    assert hidden(response.text, "question_id") == "location"
    skip_to = to_screen(client)
    page = client.get(f"/interview/{skip_to}").text
    bad = {"csrf_token": token(page), "question_id": "screen_emergency", "answer": "nonsense"}
    response = client.post(f"/interview/{skip_to}/answer", data=bad)
    assert response.status_code == 422
    check_page(response.text)


def test_unknown_question_id_in_a_form(client: TestClient) -> None:
    interview = start(client)
    data = {"csrf_token": page_token(client), "question_id": "<script>", "answer": "yes"}
    response = client.post(f"/interview/{interview}/answer", data=data)
    assert response.status_code == 404
    assert "<script>" not in response.text
    check_page(response.text)


def test_dont_know_is_an_answer(client: TestClient) -> None:
    interview = to_screen(client)
    answer(client, interview, "unknown", expect="screen_emergency")
    answers = client.get(f"/interview/{interview}/answers").text
    assert "Don&#39;t know" in answers or "Don't know" in answers


@pytest.mark.parametrize(
    ("age", "sex", "message"),
    [
        ("200", "male", "from 1 to 120"),
        ("-3", "female", "from 1 to 120"),
        ("abc", "male", "from 1 to 120"),
        ("", "male", "Please enter your age"),
        ("12.5", "male", "from 1 to 120"),
        ("40", "", "Please choose female, male"),
        ("40", "other", "Please choose female, male"),
    ],
)
def test_absurd_or_missing_start_fields(
    client: TestClient, age: str, sex: str, message: str
) -> None:
    data = {"csrf_token": page_token(client), "age": age, "sex": sex}
    response = client.post("/start", data=data, follow_redirects=False)
    assert response.status_code == 422
    check_page(response.text)
    assert message in response.text
    assert 'action="/start"' in response.text  # the form again
    assert 'aria-invalid="true"' in response.text or "has-error" in response.text


def test_start_form_without_any_fields(client: TestClient) -> None:
    response = client.post("/start", data={"csrf_token": page_token(client)})
    assert response.status_code == 422
    assert "Please enter your age" in response.text


def test_pregnancy_ignored_unless_female_and_unsaid_sex(client: TestClient) -> None:
    male = start(client, age="30", sex="male", pregnant="yes")
    assert current_question(client, male) == "location"
    unsaid = start(client, age="30", sex="unsaid")
    assert current_question(client, unsaid) == "location"


@pytest.mark.parametrize(
    "path",
    [
        "/interview/not-a-real-id",
        "/interview/" + "a" * 65,
        "/interview/%3Cscript%3E",
        "/interview/x/answers",
        "/interview/x/emergency",
        "/interview/x/understood",
        "/results/not-a-real-id",
        "/results/..%2F..%2Fetc",
    ],
)
def test_tampered_ids_are_a_friendly_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    check_page(response.text)
    assert "start again" in response.text.lower() or "Back to the start" in response.text
    assert "Call emergency services now" in response.text
    assert "Traceback" not in response.text


def test_tampered_id_on_post_is_a_404(client: TestClient) -> None:
    csrf = page_token(client)
    for action in ("answer", "back", "finish", "continue", "describe", "forget"):
        response = client.post(f"/interview/nope/{action}", data={"csrf_token": csrf})
        assert response.status_code == 404, action
        check_page(response.text)


def test_results_before_the_end_go_back_to_the_questions(client: TestClient) -> None:
    interview = start(client)
    response = client.get(f"/results/{interview}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/interview/{interview}"


def test_emergency_page_without_emergency_redirects(client: TestClient) -> None:
    interview = to_screen(client)
    response = client.get(f"/interview/{interview}/emergency", follow_redirects=False)
    assert response.status_code == 303


def test_answering_a_finished_interview(client: TestClient) -> None:
    interview = to_screen(client)
    page = answer(client, interview, ["chest_pain"])
    client.post(f"/interview/{interview}/finish", data={"csrf_token": token(page)})
    late = form_data(token(page), "screen_nerves", "2", [])
    response = client.post(f"/interview/{interview}/answer", data=late)
    assert response.status_code == 200
    assert response.url.path == f"/results/{interview}"


def test_refresh_never_breaks_the_interview(client: TestClient) -> None:
    interview = to_screen(client)
    first = client.get(f"/interview/{interview}").text
    second = client.get(f"/interview/{interview}").text
    assert hidden(first, "question_id") == hidden(second, "question_id")
    assert hidden(first, "step") == hidden(second, "step")
