"""The quiz without JavaScript: one address per question, Post/Redirect/Get, replays, changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backcheck.engine import Engine, Step
from backcheck.knowledge import KnowledgeBase
from tests.web.helpers import (
    SELF_CARE,
    answer,
    check_page,
    current_question,
    form_action,
    form_data,
    hidden,
    make_app,
    page_token,
    run_plan,
    skip_describe,
    start,
    token,
    where,
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
    assert 'name="pregnant"' not in form.text  # asked later, and only where it can apply


def test_first_step_is_the_body_map(client: TestClient) -> None:
    interview = start(client, age="61", sex="female")
    assert where(client, interview) == f"/interview/{interview}/q/1"
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
    assert asked[:5] == [
        "location", "screen_emergency", "screen_nerves", "screen_general", "trigger",
    ]  # fmt: skip
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
        "What you can do now",
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
    assert 'id="question-title" tabindex="-1" data-focus' in page
    back = f"/interview/{interview}/q/1"
    assert f'href="{back}" rel="prev"' in page
    earlier = client.get(back).text
    assert hidden(earlier, "question_id") == "location"
    assert re.search(r'value="loc_between_shoulder_blades"[^>]*checked', earlier)
    assert "You answered this already" in earlier
    assert current_question(client, interview) == "screen_emergency"  # nothing was undone


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
    assert cont.url.path == f"/interview/{interview}/q/3"
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
    interview = start(client, age="40", sex="female")
    run_plan(client, interview, {"location": ["loc_lower_back"], "pregnant": "no"})
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
    link = f"/interview/{interview}/q/2"
    assert f'href="{link}"' in listing.text
    form = client.get(link)
    check_page(form.text)
    assert re.search(r'value="none"[^>]*checked', form.text)
    changed = client.post(link, data=form_data(token(form.text), "screen_emergency", ["fainting"]))
    assert "Stop here" in changed.text  # the new answer is an emergency
    answers = client.get(f"/interview/{interview}/answers").text
    assert "<dt>Have you noticed any of these" not in answers  # the later answer was dropped
    assert "Fainting or nearly fainting" in answers
    old_links = client.get(
        f"/interview/{interview}/change/screen_emergency", follow_redirects=False
    )
    assert old_links.headers["location"] == link


def test_changing_to_the_same_answer_keeps_later_answers(client: TestClient) -> None:
    interview = to_screen(client)
    answer(client, interview, [], expect="screen_emergency")
    answer(client, interview, [], expect="screen_nerves")
    link = f"/interview/{interview}/q/2"
    form = client.get(link).text
    same = client.post(link, data=form_data(token(form), "screen_emergency", []))
    assert same.url.path == f"/interview/{interview}/q/3"  # on to the next one, as it was
    assert hidden(same.text, "question_id") == "screen_nerves"
    assert current_question(client, interview) == "screen_general"


def test_change_of_an_unanswered_question_is_a_friendly_404(client: TestClient) -> None:
    interview = to_screen(client)
    for path in ("change/duration", "change/no_such_question", "change/..%2Fx"):
        response = client.get(f"/interview/{interview}/{path}")
        assert response.status_code == 404
        check_page(response.text)


def test_a_question_not_reached_yet_sends_you_to_the_current_one(client: TestClient) -> None:
    interview = to_screen(client)
    for number in ("3", "9", "0", "99999"):
        response = client.get(f"/interview/{interview}/q/{number}", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (
            303, f"/interview/{interview}/q/2",
        )  # fmt: skip


def test_replayed_answer_is_harmless(client: TestClient) -> None:
    interview = to_screen(client)
    page = client.get(f"/interview/{interview}").text
    data = form_data(token(page), "screen_emergency", [])
    first = client.post(form_action(page), data=data)
    assert hidden(first.text, "question_id") == "screen_nerves"
    again = client.post(form_action(page), data=data)
    assert again.status_code == 200
    assert hidden(again.text, "question_id") == "screen_nerves"
    answers = client.get(f"/interview/{interview}/answers").text
    assert answers.count("<dt>Together with the back pain") == 1


def test_stale_form_for_another_question_changes_nothing(client: TestClient) -> None:
    interview = to_screen(client)
    csrf = page_token(client)
    stale = form_data(csrf, "pain_migrating", "yes")
    response = client.post(f"/interview/{interview}/q/2", data=stale)
    assert response.status_code == 200
    assert "nothing changed" in response.text
    assert hidden(response.text, "question_id") == "screen_emergency"


def test_missing_answer_shows_the_form_again(client: TestClient) -> None:
    interview = start(client)
    page = client.get(f"/interview/{interview}").text
    data = {"csrf_token": token(page), "question_id": "location"}
    response = client.post(form_action(page), data=data)
    assert response.status_code == 422
    check_page(response.text)
    assert "Please tick at least one area" in response.text
    assert hidden(response.text, "question_id") == "location"
    skip_to = to_screen(client)
    page = client.get(f"/interview/{skip_to}").text
    bad = {"csrf_token": token(page), "question_id": "screen_emergency", "answer": "nonsense"}
    response = client.post(form_action(page), data=bad)
    assert response.status_code == 422
    check_page(response.text)


def test_unknown_question_id_in_a_form(client: TestClient) -> None:
    interview = start(client)
    data = {"csrf_token": page_token(client), "question_id": "<script>", "answer": "yes"}
    response = client.post(f"/interview/{interview}/q/1", data=data)
    assert response.status_code == 200
    assert response.url.path == f"/interview/{interview}/q/1"
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


def test_pregnancy_is_asked_only_where_it_can_apply(client: TestClient) -> None:
    firsts = {
        (age, sex): current_question(client, start(client, age=age, sex=sex))
        for age, sex in [("30", "female"), ("30", "unsaid"), ("30", "male"), ("62", "female")]
    }
    assert firsts == {
        ("30", "female"): "pregnant",
        ("30", "unsaid"): "pregnant",
        ("30", "male"): "location",
        ("62", "female"): "location",
    }


def test_under_18_get_the_page_for_children(client: TestClient) -> None:
    data = {"csrf_token": page_token(client), "age": "9", "sex": "female"}
    response = client.post("/start", data=data, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/children")
    page = client.get("/children").text
    check_page(page)
    assert "This check is for adults" in page
    assert "wakes a child at night" in page
    assert "family doctor or paediatrician" in page
    assert "What you can do now" not in page  # no adult self-care advice
    assert 'href="tel:911"' in page


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
    for action in ("q/1", "finish", "continue", "describe", "forget"):
        response = client.post(f"/interview/nope/{action}", data={"csrf_token": csrf})
        assert response.status_code == 404, action
        check_page(response.text)


def test_results_before_the_end_go_back_to_the_questions(client: TestClient) -> None:
    interview = start(client)
    response = client.get(f"/results/{interview}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/interview/{interview}/q/1"


def test_emergency_page_without_emergency_redirects(client: TestClient) -> None:
    interview = to_screen(client)
    response = client.get(f"/interview/{interview}/emergency", follow_redirects=False)
    assert response.status_code == 303


def test_answering_a_finished_interview(client: TestClient) -> None:
    interview = to_screen(client)
    page = answer(client, interview, ["chest_pain"])
    client.post(f"/interview/{interview}/finish", data={"csrf_token": token(page)})
    late = form_data(token(page), "screen_nerves", [])
    response = client.post(f"/interview/{interview}/q/3", data=late)
    assert response.status_code == 200
    assert response.url.path == f"/results/{interview}"


def test_refresh_never_breaks_the_interview(client: TestClient) -> None:
    interview = to_screen(client)
    first = client.get(f"/interview/{interview}").text
    second = client.get(f"/interview/{interview}").text
    assert hidden(first, "question_id") == hidden(second, "question_id")
    assert form_action(first) == form_action(second)


def test_each_request_makes_one_engine_step(kb: KnowledgeBase, tmp_path: Path) -> None:
    steps: list[int] = []

    class Counting(Engine):
        def step(self, *args: Any, **kwargs: Any) -> Step:
            steps.append(1)
            return super().step(*args, **kwargs)

    app = make_app(tmp_path, kb)
    app.state.services.engine = Counting(kb)
    with TestClient(app) as client:
        interview = start(client)
        page = client.get(f"/interview/{interview}/q/1").text
        steps.clear()
        data = form_data(token(page), "location", ["loc_mid_spine"])
        client.post(f"/interview/{interview}/q/1", data=data, follow_redirects=False)
        assert len(steps) == 1  # the answer
        client.get(f"/interview/{interview}/describe")
        assert len(steps) == 2  # the page that follows
