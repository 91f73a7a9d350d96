"""Every page renders for a person without JavaScript; the library, guide and statistics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backcheck.knowledge import KnowledgeBase
from backcheck.service import Services
from tests.web.helpers import check_page, record

SEEDS = Path("/work/shared/seeds")
PAGES = ["/", "/start", "/emergency", "/guide", "/statistics", "/conditions", "/conditions?q=disc"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_and_keeps_the_rules(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    check_page(response.text)
    assert 'src="/static/site.js"' in response.text
    assert 'href="/static/site.css"' in response.text


def test_every_condition_has_a_page(client: TestClient, kb: KnowledgeBase) -> None:
    index = client.get("/conditions").text
    for cid, cond in kb.conditions.items():
        assert f'href="/conditions/{cid}"' in index
        page = client.get(f"/conditions/{cid}")
        assert page.status_code == 200, cid
        check = check_page(page.text)
        assert check.h1 == 1
        text = page.text
        for heading in ("Causes", "What you can do yourself", "What the doctor will do",
                        "Treatments", "Sources", "How common", "How urgent"):  # fmt: skip
            assert heading in text, (cid, heading)
        assert cond.clinical_name.replace("'", "&#39;") in text


def test_condition_page_shows_always_and_never_symptoms(
    client: TestClient, kb: KnowledgeBase
) -> None:
    with_always = next(c for c in kb.conditions.values() if c.always)
    page = client.get(f"/conditions/{with_always.id}").text
    assert "nearly always there" in page
    assert kb.findings[with_always.always[0]].name.replace("'", "&#39;") in page


def test_unknown_condition_is_a_friendly_404(client: TestClient) -> None:
    for path in ("/conditions/no_such_thing", "/conditions/" + "x" * 200, "/conditions/%00"):
        response = client.get(path)
        assert response.status_code == 404
        check_page(response.text)
        assert "Call emergency services now" in response.text


def test_search_finds_and_filters(client: TestClient) -> None:
    found = client.get("/conditions", params={"q": "shingles"}).text
    assert 'href="/conditions/shingles"' in found
    assert 'href="/conditions/muscle_strain"' not in found
    none = client.get("/conditions", params={"q": "qwertyuiop"}).text
    assert "Nothing matched" in none
    escaped = client.get("/conditions", params={"q": "<b>bold</b>"}).text
    assert "<b>bold</b>" not in escaped
    assert "&lt;b&gt;bold&lt;/b&gt;" in escaped


def test_guide_covers_the_topics_and_cites_publishers(client: TestClient) -> None:
    page = client.get("/guide").text
    for topic in ("What usually causes it", "Treatment and home care", "Keeping it away",
                  "When to worry", "How it can feel"):  # fmt: skip
        assert topic in page
    for publisher in (
        "Buoy Health",
        "Cleveland Clinic",
        "PainDoctor",
        "Dignity Health",
        "K Health",
    ):
        assert publisher in page


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not on this machine")
def test_guide_is_in_our_own_words(client: TestClient) -> None:
    guide = re.sub(r"<[^>]+>", " ", client.get("/guide").text)
    mine = words(guide)
    n = 8
    ours = {tuple(mine[i : i + n]) for i in range(len(mine) - n + 1)}
    for seed in sorted(SEEDS.glob("*.txt")):
        theirs = words(seed.read_text(encoding="utf-8"))
        shared = [
            " ".join(theirs[i : i + n])
            for i in range(len(theirs) - n + 1)
            if tuple(theirs[i : i + n]) in ours
        ]
        assert not shared, f"{seed.name}: copied wording {shared[:3]}"


def test_statics_linked_from_every_page_exist(client: TestClient) -> None:
    html = client.get("/").text
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset


# ----- statistics -----


@pytest.fixture(scope="module")
def stats_client(app: FastAPI, client: TestClient) -> TestClient:
    services: Services = app.state.services
    record(services, services.engine, 15, sex="female", band="age_30_44")
    record(services, services.engine, 5, sex="male", band="age_45_59")
    record(services, services.engine, 5, sex="male", band="age_45_59", demo=True)
    app.state.statistics.clear()
    return client


def test_statistics_page_shows_bar_charts(stats_client: TestClient) -> None:
    response = stats_client.get("/statistics")
    assert response.status_code == 200
    page = response.text
    check_page(page)
    for title in ("People with upper back pain also reported",
                  "They were most often matched with", "They had symptoms for"):  # fmt: skip
        assert title in page
    assert page.count('<svg class="bar"') >= 3
    assert re.search(r'<rect class="bar-fill" x="0" y="0" width="[0-9.]+"', page)
    assert "Neck pain" in page
    assert "Less than a week" in page
    assert "includes 5 simulated demo assessments" in page


def test_statistics_filters_and_hides_small_groups(stats_client: TestClient) -> None:
    women = stats_client.get("/statistics", params={"sex": "female"}).text
    assert "Fewer than 20 assessments" in women  # 15 < 20: hidden
    assert '<svg class="bar"' not in women
    assert '<option value="female" selected>' in women
    band = stats_client.get("/statistics", params={"age_band": "age_45_59"}).text
    assert "Fewer than 20" in band
    assert "includes 5 simulated demo" in band


def test_statistics_bad_filter_shows_the_form_again(stats_client: TestClient) -> None:
    response = stats_client.get("/statistics", params={"age_band": "age_200", "sex": "robot"})
    assert response.status_code == 422
    check_page(response.text)
    assert 'action="/statistics"' in response.text
    assert "Please choose an age group" in response.text
