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
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
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
from tests.conftest import emptied, fresh_postgres

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


def _ports(count: int) -> list[int]:
    """`count` different free loopback ports."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


@contextmanager
def _running(env: dict[str, str], folder: Path) -> Iterator[list[Instance]]:
    """Instances a and b, started side by side (each takes seconds), stopped on exit."""
    instances = []
    try:
        for name, port in zip("ab", _ports(2), strict=True):
            log = folder / f"{name}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "backcheck", "serve", "--port", str(port),
                     "--workers", "1"],
                    env=env, stdout=out, stderr=subprocess.STDOUT,
                )  # fmt: skip
            instances.append(Instance(port, process, log))
        for instance in instances:
            assert wait_for_port(instance.port, timeout=90), instance.log.read_text()
        yield instances
    finally:
        _stop(instances)


def _stop(instances: list[Instance]) -> None:
    """Ask every live instance to stop, then wait for each (they stop side by side)."""
    running = [i for i in instances if i.process.poll() is None]
    for instance in running:
        instance.process.send_signal(signal.SIGINT)
    for instance in running:
        instance.process.wait(60)


@contextmanager
def _cluster(
    kb: KnowledgeBase, postgres_base: str, redis_url: str, folder: Path
) -> Iterator[Cluster]:
    """Two instances over a new PostgreSQL database (one editor account) and a Redis database."""
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
    # Migrated here, once, as `backcheck db upgrade` would (the instances do not migrate).
    config = Config(
        environment="test", secret_key=SECRET, database_url=database, migrate_on_start=True
    )
    services = build_services(config, kb=kb)
    EditorService(services).add("editor1", PASSWORD)
    services.db.dispose()
    with _running(env, folder) as instances:
        yield Cluster(instances, env)


@pytest.fixture(scope="module")
def shared(
    kb: KnowledgeBase, postgres_base: str, redis_base: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """One cluster for the tests that leave both instances running and share no state: the
    interview test does not sign in, and the sign-in test alone counts sign-ins and locks."""
    folder = tmp_path_factory.mktemp("instances")
    with _cluster(kb, postgres_base, emptied(redis_base), folder) as cluster:
        yield cluster


@pytest.fixture
def cluster(
    kb: KnowledgeBase, postgres_base: str, redis_url: str, tmp_path: Path
) -> Iterator[Cluster]:
    """A cluster of this test's own (it kills an instance)."""
    with _cluster(kb, postgres_base, redis_url, tmp_path) as cluster:
        yield cluster


def test_an_interview_goes_on_on_the_other_instance(shared: Cluster, kb: KnowledgeBase) -> None:
    case = sample_cases(Engine(kb), 1, seed=3)[0]
    with (
        httpx.Client(base_url=shared.instances[0].url, timeout=30) as a,
        httpx.Client(base_url=shared.instances[1].url, timeout=30) as b,
    ):
        state = _walk(a, b, case)
    for log in (i.log for i in shared.instances):
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


def test_rate_limits_and_lockouts_are_shared(shared: Cluster) -> None:
    with ExitStack() as stack:
        clients = [
            stack.enter_context(httpx.Client(base_url=i.url, timeout=30)) for i in shared.instances
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


def _patient(
    urls: list[str], cases: list[Case], stop: threading.Event, tally: Tally, seed: int
) -> None:
    rnd = random.Random(seed)
    with ExitStack() as stack:
        clients = [stack.enter_context(httpx.Client(base_url=url, timeout=10)) for url in urls]
        _interviews(clients, rnd, cases, stop, tally)


def _interviews(
    clients: list[httpx.Client],
    rnd: random.Random,
    cases: list[Case],
    stop: threading.Event,
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

    while not stop.is_set():
        case = rnd.choice(cases)
        started = call("POST", "/api/v1/interviews", {"age": case.age, "sex": case.sex})
        if started is None or started.status_code != 201:
            continue
        state = started.json()
        with tally.lock:
            tally.acknowledged[state["id"]] = state["step"]
        while state["status"] == "in_progress" and not stop.is_set():
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


def _wait_for(condition: Callable[[], bool], threads: list[threading.Thread]) -> None:
    """Wait until `condition()` holds, or the load stopped or ran a minute (the assertions say)."""
    deadline = time.monotonic() + 60
    while not condition() and time.monotonic() < deadline:
        if not any(thread.is_alive() for thread in threads):
            return
        time.sleep(0.05)


def test_killing_one_instance_under_load_loses_nothing_acknowledged(
    cluster: Cluster, kb: KnowledgeBase
) -> None:
    cases = sample_cases(Engine(kb), 50, seed=5)
    urls = [i.url for i in cluster.instances]
    tally = Tally()
    stop = threading.Event()
    threads = [
        threading.Thread(target=_patient, args=(urls, cases, stop, tally, n)) for n in range(6)
    ]
    for thread in threads:
        thread.start()
    # The phases end on what the load has done, not after fixed times: the kill comes once both
    # instances are busy, and the load goes on until the survivor has carried it a while.
    _wait_for(lambda: tally.requests >= 100, threads)
    with tally.lock:
        answered, finished = tally.requests, len(tally.done)
    victim = cluster.instances[0]
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait(30)
    _wait_for(
        lambda: (
            tally.requests >= answered + 100 and len(tally.done) > finished and tally.failed > 0
        ),
        threads,
    )
    stop.set()
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
