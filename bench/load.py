"""Load test: complete interviews against `backcheck serve` on loopback, bounded in time.

Run: .venv/bin/python bench/load.py [--db sqlite|postgres|both] [--workers 2] [--seconds 20]
     [--concurrency 16] [--instances 1 2]
Starts the server itself (SQLite in a temporary folder, or a throwaway PostgreSQL server), drives
it with simulated patients over keep-alive HTTP connections from one asyncio process, and prints
requests per second and latency percentiles. With `--instances 2` (PostgreSQL only) it starts two
instances on two ports over one PostgreSQL and one throwaway Redis (the rate limits shared), as
two machines behind a proxy would be, and spreads the patients over both. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from typing import Any

import numpy as np

from backcheck.engine import Engine
from backcheck.evaluation import Case, reply_json, sample_cases
from backcheck.evaluation.servers import (
    free_port,
    throwaway_postgres,
    throwaway_redis,
    wait_for_port,
)
from backcheck.knowledge import load_kb


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough HTTP for this API."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    async def request(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        data = json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode()
        self.writer.write(head + data)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        payload = await self.reader.readexactly(length)
        return status, json.loads(payload)


async def patient_loop(
    port: int, cases: list[Case], deadline: float, latencies: list[float], stats: dict[str, int]
) -> None:  # one port: the proxy in front of several instances would pick one per connection
    k = 0
    while time.perf_counter() < deadline:
        # One connection per interview, as one browser session: many short-lived connections
        # spread over the workers the way real clients do.
        conn = Connection(port)
        case = cases[k % len(cases)]
        k += 1
        start = time.perf_counter()
        status, state = await conn.request(
            "POST", "/api/v1/interviews", {"age": case.age, "sex": case.sex}
        )
        latencies.append(time.perf_counter() - start)
        if status != 201:
            stats["errors"] += 1
            continue
        while state["status"] == "in_progress" and time.perf_counter() < deadline:
            q = state["question"]
            start = time.perf_counter()
            status, state = await conn.request(
                "POST",
                f"/api/v1/interviews/{state['id']}/answers",
                {"question_id": q["id"], "answer": reply_json(q, case.present)},
            )
            latencies.append(time.perf_counter() - start)
            if status != 200:
                stats["errors"] += 1
                break
        else:
            if state.get("status") == "done":
                stats["interviews"] += 1
        conn.close()


def run(
    db: str, workers: int, seconds: float, concurrency: int, cases: list[Case], instances: int = 1
) -> str:
    """Drive the servers; print the figures and return them in a few words."""
    with ExitStack() as stack:
        env = dict(os.environ)
        data_dir = stack.enter_context(tempfile.TemporaryDirectory())
        env.update(
            BACKCHECK_DATA_DIR=data_dir,
            BACKCHECK_WRITE_RATE="100000000/minute",
            BACKCHECK_READ_RATE="100000000/minute",
            BACKCHECK_ENV="development",
        )
        env.pop("BACKCHECK_DATABASE_URL", None)
        if db == "postgres":
            base = stack.enter_context(throwaway_postgres())
            if base is None:
                print("postgres: not installed, skipped")
                return "postgres skipped (not installed)"
            import psycopg

            with psycopg.connect(
                base.replace("+psycopg", "") + "/postgres", autocommit=True
            ) as conn:
                conn.execute("CREATE DATABASE backcheck_load")
            env["BACKCHECK_DATABASE_URL"] = base + "/backcheck_load"
            subprocess.run(
                [sys.executable, "-m", "backcheck", "db", "upgrade"], env=env, check=True,
                capture_output=True,
            )  # fmt: skip
        if instances > 1:
            if db != "postgres":
                raise SystemExit("--instances 2 needs --db postgres (one database for both)")
            redis = stack.enter_context(throwaway_redis())
            if redis is None:
                print("redis-server not installed: two instances skipped")
                return "two instances skipped (no redis-server)"
            env["BACKCHECK_RATE_LIMIT_URL"] = redis
        ports = [free_port() for _ in range(instances)]
        for port in ports:
            server = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "backcheck.app:create_app", "--factory",
                 "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                 "--log-level", "warning", "--no-access-log"],
                env=env,
            )  # fmt: skip
            stack.callback(server.wait, 30)
            stack.callback(server.terminate)
        for port in ports:
            if not wait_for_port(port, timeout=60):
                raise RuntimeError("server did not start")
        # warm up: every worker loads the knowledge base before the clock starts
        warm: list[float] = []
        asyncio.run(
            _drive(ports, cases, 3.0, max(2, workers * 2 * instances), warm,
                   {"errors": 0, "interviews": 0})
        )  # fmt: skip
        latencies: list[float] = []
        stats = {"errors": 0, "interviews": 0}
        start = time.perf_counter()
        asyncio.run(_drive(ports, cases, seconds, concurrency, latencies, stats))
        elapsed = time.perf_counter() - start
        lat = np.array(latencies) * 1000
        print(
            f"{db:8} instances={instances} workers={workers} concurrency={concurrency} "
            f"{elapsed:.0f}s: "
            f"{len(lat) / elapsed:6.0f} interview steps/s, p50 {np.percentile(lat, 50):.1f} ms, "
            f"p99 {np.percentile(lat, 99):.1f} ms, max {lat.max():.0f} ms; "
            f"{stats['interviews']} interviews completed, {stats['errors']} errors "
            "(target >= 300 steps/s, p99 < 100 ms)"
        )
        return (
            f"{db} x{instances} {len(lat) / elapsed:.0f} steps/s, "
            f"p99 {np.percentile(lat, 99):.1f} ms, "
            f"{stats['errors']} errors"
        )


async def _drive(
    ports: list[int],
    cases: list[Case],
    seconds: float,
    concurrency: int,
    latencies: list[float],
    stats: dict[str, int],
) -> None:
    deadline = time.perf_counter() + seconds
    await asyncio.gather(
        *(
            patient_loop(
                ports[i % len(ports)], cases[i::concurrency] or cases, deadline, latencies, stats
            )
            for i in range(concurrency)
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--instances", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    cases = sample_cases(Engine(load_kb()), 400, seed=11)
    print(f"machine: {os.cpu_count()} cores; load generator and server share them")
    dbs = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    figures = [
        run(db, args.workers, args.seconds, args.concurrency, cases, n)
        for db in dbs
        for n in args.instances
        if n == 1 or db == "postgres"
    ]
    print("summary: " + "; ".join(figures))


if __name__ == "__main__":
    main()
