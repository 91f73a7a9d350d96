"""Every endpoint that costs CPU is limited per client, and a refusal says when to retry."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcheck.config import RateLimit
from backcheck.errors import BackcheckError
from backcheck.http import status_of
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser
from backcheck.service import EditorService
from tests.api.helpers import make_client, make_services

PASSWORD = "correct horse battery staple"
ASSESS = {"patient": {"age": 40, "sex": "female"}, "evidence": []}
EXPLAIN = {**ASSESS, "condition_id": "muscle_strain"}
STORY = {"text": "Aching between my shoulder blades after moving house; it eased in weeks."}


def test_assess_and_explain_count_as_writes(kb: KnowledgeBase, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with make_client(kb, url, tmp_path, write_rate=RateLimit(3, 60)) as c:
        codes = [c.post("/api/v1/assess", json=ASSESS).status_code for _ in range(2)]
        codes += [c.post("/api/v1/explain", json=EXPLAIN).status_code for _ in range(2)]
        assert codes == [200, 200, 200, 429]


def test_reading_an_interview_is_limited(kb: KnowledgeBase, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with make_client(kb, url, tmp_path, read_rate=RateLimit(2, 60)) as c:
        started = c.post("/api/v1/interviews", json={"age": 40, "sex": "male"}).json()
        path = f"/api/v1/interviews/{started['id']}"
        assert [c.get(path).status_code for _ in range(3)] == [200, 200, 429]


def test_text_is_limited_by_its_length(
    kb: KnowledgeBase, parser: TextParser, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    long = "sharp pain between my shoulder blades when I breathe in. " * 350  # ~20 KB
    with make_client(kb, url, tmp_path, parser, text_rate=RateLimit(30_000, 60)) as c:
        codes = [c.post("/api/v1/parse", json={"text": long}).status_code for _ in range(2)]
        short = c.post("/api/v1/parse", json={"text": "back pain for 3 days"})
        assert (codes, short.status_code) == ([200, 429], 200)


def test_an_hourly_limit_asks_to_wait_up_to_an_hour(kb: KnowledgeBase, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with make_client(kb, url, tmp_path, story_rate=RateLimit(1, 3600)) as c:
        assert c.post("/api/v1/stories", json=STORY).status_code == 201
        again = c.post("/api/v1/stories", json={**STORY, "text": STORY["text"] + " Really."})
        assert again.status_code == 429
        assert 3500 < int(again.headers["retry-after"]) <= 3600


def test_every_worker_agrees_when_an_unknown_name_locks(kb: KnowledgeBase, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    secret = "the-same-secret-in-every-worker-" * 2
    workers = [make_services(kb, url, tmp_path, secret_key=secret) for _ in range(2)]
    EditorService(workers[0]).add("editor1", PASSWORD)
    outcomes: dict[str, list[int]] = {"editor1": [], "nobody": []}
    for name, seen in outcomes.items():
        for attempt in range(7):
            with pytest.raises(BackcheckError) as info:
                EditorService(workers[attempt % 2]).login(name, "wrong password!")
            seen.append(status_of(info.value))
    assert outcomes == {name: [401] * 4 + [423] * 3 for name in outcomes}
