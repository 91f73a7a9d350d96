"""The throwaway servers that tests and bench/load.py use."""

from __future__ import annotations

import socket

import psycopg
import pytest

from backcheck.evaluation.servers import free_port, throwaway_postgres, wait_for_port
from tests.support.postgres import required


def test_free_port_is_free_and_waiting_sees_a_listener() -> None:
    port = free_port()
    assert not wait_for_port(port, timeout=0.3)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
        sock.listen()
        assert wait_for_port(port, timeout=5)


def test_throwaway_postgres_answers_and_is_gone_afterwards() -> None:
    with throwaway_postgres() as url:
        if url is None:
            if required():
                pytest.fail("PostgreSQL is required (BACKCHECK_REQUIRE_POSTGRES=1) but not found")
            pytest.skip("PostgreSQL is not installed")
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain + "/postgres") as conn:
            assert conn.execute("select 1").fetchone() == (1,)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(plain + "/postgres", connect_timeout=2)
