"""Two backcheck instances over one PostgreSQL and one Redis, as on two machines behind a proxy.

Each instance is a real `backcheck serve` process on its own port. An interview started on one
goes on on the other; rate limits and lockouts are shared; `kill -9` of one instance under load
loses no answer it acknowledged; the logs hold no interview id.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from backcheck.config import Config
from backcheck.engine import Engine
from backcheck.evaluation import Case, reply_json, sample_cases
from backcheck.evaluation.servers import free_port, wait_for_port
from backcheck.knowledge import KnowledgeBase
from backcheck.service import EditorService, build_services
from tests.conftest import fresh_postgres

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SECRET = "one-secret-shared-by-every-instance-" * 2
PASSWORD = "correct horse battery staple"


@dataclass
class Instance:
    """One `backcheck serve` process."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """Two instances and their shared settings."""

    instances: list[Instance]
    env: dict[str, str] = field(default_factory=dict)


def start(env: dict[str, str], log: Path) -> Instance:
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "backcheck", "serve", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    assert wait_for_port(port, timeout=90), log.read_text()
    return Instance(port, process, log)


@pytest.fixture
def cluster(
    kb: KnowledgeBase, postgres_base: str, redis_url: str, tmp_path: Path
) -> Iterator[Cluster]:
    database = fresh_postgres(postgres_base)
    env = {
        **os.environ,
        "BACKCHECK_ENV": "production",
        "BACKCHECK_SECRET_KEY": SECRET,
        "BACKCHECK_DATABASE_URL": database,
        "BACKCHECK_RATE_LIMIT_URL": redis_url,
        "BACKCHECK_MIGRATE_ON_START": "false",
        "BACKCHECK_PARSER_AT_START": "false",  # four workers would build it for nothing
        "BACKCHECK_WRITE_RATE": "100000/minute",
        "BACKCHECK_READ_RATE": "100000/minute",
        "BACKCHECK_LOGIN_RATE": "12/hour",
    }
    subprocess.run(
        [sys.executable, "-m", "backcheck", "db", "upgrade"], env=env, check=True,
        capture_output=True,
    )  # fmt: skip
    config = Config(environment="test", secret_key=SECRET, database_url=database)
    services = build_services(config, kb=kb)
    EditorService(services).add("editor1", PASSWORD)
    services.db.dispose()
    with ExitStack() as stack:
        instances = []
        for name in ("a", "b"):
            instance = start(env, tmp_path / f"{name}.log")
            stack.callback(_stop, instance)
            instances.append(instance)
        yield Cluster(instances, env)


def _stop(instance: Instance) -> None:
    if instance.process.poll() is None:
        instance.process.send_signal(signal.SIGINT)
        instance.process.wait(60)


def test_an_interview_goes_on_on_the_other_instance(cluster: Cluster, kb: KnowledgeBase) -> None:
    case = sample_cases(Engine(kb), 1, seed=3)[0]
    with (
        httpx.Client(base_url=cluster.instances[0].url, timeout=30) as a,
        httpx.Client(base_url=cluster.instances[1].url, timeout=30) as b,
    ):
        state = _walk(a, b, case)
    for log in (i.log for i in cluster.instances):
        assert state["id"] not in log.read_text()


def _walk(a: httpx.Client, b: httpx.Client, case: Case) -> dict[str, Any]:
    """Start on `a`, answer on `b` and `a` in turn, read the result back on `a`."""
    state = a.post("/api/v1/interviews", json={"age": case.age, "sex": case.sex}).json()
    servers = [b, a]
    n = 0
    while state["status"] == "in_progress":
        question = state["question"]
        answer = servers[n % 2].post(
            f"/api/v1/interviews/{state['id']}/answers",
            json={"question_id": question["id"], "answer": reply_json(question, case.present)},
        )
        assert answer.status_code == 200, answer.text
        state = answer.json()
        n += 1
    assert (state["screen"], n > 3) == ("results", True)
    assert a.get(f"/api/v1/interviews/{state['id']}").json() == state
    result: dict[str, Any] = state
    return result


def test_rate_limits_and_lockouts_are_shared(cluster: Cluster) -> None:
    with ExitStack() as stack:
        clients = [
            stack.enter_context(httpx.Client(base_url=i.url, timeout=30)) for i in cluster.instances
        ]
        _logins(clients)


def _logins(clients: list[httpx.Client]) -> None:

    def login(n: int, name: str) -> int:
        body = {"name": name, "password": "wrong password!"}
        return clients[n % 2].post("/api/v1/editor/login", json=body).status_code

    known = [login(n, "editor1") for n in range(5)]
    unknown = [login(n, "nobody") for n in range(5)]
    assert (known, unknown) == ([401, 401, 401, 401, 423], [401, 401, 401, 401, 423])
    # 12 an hour from this address, counted by both instances together
    assert [login(n, "editor1") for n in range(3)] == [423, 423, 429]
    refused = clients[1].post("/api/v1/editor/login", json={"name": "x", "password": "y"})
    assert refused.status_code == 429
    assert 3500 < int(refused.headers["retry-after"]) <= 3600


@dataclass
class Tally:
    """What the load acknowledged: the step each interview reached, as the server said."""

    acknowledged: dict[str, int] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    requests: int = 0
    failed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _patient(urls: list[str], cases: list[Case], deadline: float, tally: Tally, seed: int) -> None:
    rnd = random.Random(seed)
    with ExitStack() as stack:
        clients = [stack.enter_context(httpx.Client(base_url=url, timeout=10)) for url in urls]
        _interviews(clients, rnd, cases, deadline, tally)


def _interviews(
    clients: list[httpx.Client],
    rnd: random.Random,
    cases: list[Case],
    deadline: float,
    tally: Tally,
) -> None:

    def call(method: str, path: str, body: Any = None) -> httpx.Response | None:
        for client in rnd.sample(clients, len(clients)):  # either instance; the other if down
            try:
                return client.request(method, path, json=body)
            except httpx.TransportError:
                with tally.lock:
                    tally.failed += 1
        return None

    while time.monotonic() < deadline:
        case = rnd.choice(cases)
        started = call("POST", "/api/v1/interviews", {"age": case.age, "sex": case.sex})
        if started is None or started.status_code != 201:
            continue
        state = started.json()
        with tally.lock:
            tally.acknowledged[state["id"]] = state["step"]
        while state["status"] == "in_progress" and time.monotonic() < deadline:
            question = state["question"]
            reply = {"question_id": question["id"], "answer": reply_json(question, case.present),
                     "step": state["step"]}  # fmt: skip
            answer = call("POST", f"/api/v1/interviews/{state['id']}/answers", reply)
            if answer is None:
                break
            if answer.status_code == 409:  # applied by the instance that died, unacknowledged
                fetched = call("GET", f"/api/v1/interviews/{state['id']}")
                if fetched is None or fetched.status_code != 200:
                    break
                state = fetched.json()
                continue
            assert answer.status_code == 200, answer.text
            state = answer.json()
            with tally.lock:
                tally.requests += 1
                tally.acknowledged[state["id"]] = state["step"]
                if state["status"] == "done":
                    tally.done.add(state["id"])


def test_killing_one_instance_under_load_loses_nothing_acknowledged(
    cluster: Cluster, kb: KnowledgeBase
) -> None:
    cases = sample_cases(Engine(kb), 50, seed=5)
    urls = [i.url for i in cluster.instances]
    tally = Tally()
    deadline = time.monotonic() + 12
    threads = [
        threading.Thread(target=_patient, args=(urls, cases, deadline, tally, n)) for n in range(6)
    ]
    for thread in threads:
        thread.start()
    time.sleep(4)
    victim = cluster.instances[0]
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait(30)
    for thread in threads:
        thread.join(60)
    lost = []
    with httpx.Client(base_url=cluster.instances[1].url, timeout=30) as survivor:
        for interview, step in tally.acknowledged.items():
            state = survivor.get(f"/api/v1/interviews/{interview}").json()
            if state["step"] < step or (interview in tally.done and state["status"] != "done"):
                lost.append((interview, step, state["step"]))
    assert (tally.requests > 20, len(tally.done) > 0, tally.failed > 0) == (True, True, True)
    assert lost == []
