"""Rate limits: no counter forgotten under many clients, no burst across a window's edge."""

from __future__ import annotations

import time

import pytest

from backcheck.config import Config, RateLimit
from backcheck.knowledge import KnowledgeBase
from backcheck.service import Services, build_services


def services_of(kb: KnowledgeBase) -> Services:
    return build_services(Config(environment="test"), kb=kb, database=False)


def test_many_other_clients_do_not_wipe_an_hourly_count(kb: KnowledgeBase) -> None:
    services = services_of(kb)
    hourly = RateLimit(30, 3600)
    first = [services.allow("10.0.0.1", "login", hourly) for _ in range(30)]
    for n in range(50_001):
        services.allow(f"10.1.{n // 256}.{n % 256}", "write", RateLimit(120, 60))
    later = [services.allow("10.0.0.1", "login", hourly) for _ in range(69)]
    assert (first.count(True), later.count(True)) == (30, 0)


def test_no_burst_across_a_window_edge(kb: KnowledgeBase) -> None:
    services = services_of(kb)
    per_second = RateLimit(2, 1)
    # Start just after the middle of a second, so that the next hit falls in the next second.
    while not 0.55 < time.time() % 1 < 0.65:
        time.sleep(0.01)
    before = [services.allow("10.0.0.1", "write", per_second) for _ in range(2)]
    time.sleep(0.5)  # now past the edge of the second, within a second of the first hits
    after = [services.allow("10.0.0.1", "write", per_second) for _ in range(2)]
    assert (before, after) == ([True, True], [False, False])


def test_workers_share_limits_in_redis(kb: KnowledgeBase, redis_url: str) -> None:
    config = Config(environment="test", secret_key="s" * 32, rate_limit_url=redis_url)
    workers = [build_services(config, kb=kb, database=False) for _ in range(2)]
    limit = RateLimit(3, 3600)
    seen = [workers[n % 2].allow("10.0.0.1", "login", limit) for n in range(5)]
    assert seen == [True, True, True, False, False]
    assert workers[1].limiter.hit("10.0.0.1", "login", limit).retry_after > 3500
    assert all(w.limiter.reachable() for w in workers)


def test_an_unreachable_store_refuses_instead_of_counting_nothing(kb: KnowledgeBase) -> None:
    from backcheck.errors import UnavailableError
    from backcheck.evaluation.servers import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"
    services = build_services(Config(environment="test", rate_limit_url=url), kb=kb, database=False)
    assert not services.limiter.reachable()
    with pytest.raises(UnavailableError) as refused:
        services.allow("10.0.0.1", "write", RateLimit(3, 60))
    assert refused.value.code == "store_unavailable"
