"""Throwaway servers for tests and benchmarks: a free loopback port, PostgreSQL and Redis."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["free_port", "throwaway_postgres", "throwaway_redis", "wait_for_port"]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30) -> bool:
    """Wait until something listens on a loopback port; False if nothing did in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def _run(args: list[str], as_postgres: bool) -> None:
    if as_postgres:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(args, check=True, capture_output=True, timeout=120)


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """Start a PostgreSQL server (Debian's package) on loopback; yield its base URL.

    The URL is postgresql+psycopg://postgres@127.0.0.1:PORT, or None when PostgreSQL is not
    installed. The server and its data are removed on exit.
    """
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        yield None
        return
    bindir = Path(found[-1]).parent
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="backcheck-pg-"))
    if as_postgres:
        shutil.chown(root, user="postgres")
    data = root / "data"
    port = free_port()
    _run([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
         as_postgres)  # fmt: skip
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
          "-w", "start"], as_postgres)  # fmt: skip
    try:
        wait_for_port(port)  # pg_ctl -w has waited already; the socket may lag a moment
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_postgres)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def throwaway_redis() -> Iterator[str | None]:
    """Start a Redis server (Debian's redis-server) on loopback, in memory; yield its URL.

    The URL is redis://127.0.0.1:PORT/0, or None when redis-server is not installed. The
    server is stopped and its folder removed on exit.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="backcheck-redis-"))
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(root, ignore_errors=True)
