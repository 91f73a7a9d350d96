"""Load test: complete interviews against `backcheck serve` on loopback, bounded in time.

Run: .venv/bin/python bench/load.py [--db sqlite|postgres|both] [--workers 2] [--seconds 20]
     [--concurrency 16] [--instances 1 2] [--source DIR ...]
Starts the server itself (SQLite in a temporary folder, or a throwaway PostgreSQL server), drives
it with simulated patients over keep-alive HTTP connections from one asyncio process, and prints
requests per second, latency percentiles and the server's CPU time per interview step (all its
processes, which share the machine with the load generator). With `--instances 2` (PostgreSQL
only) it starts two instances on two ports over one PostgreSQL and one throwaway Redis (the rate
limits shared), as two machines behind a proxy would be, and spreads the patients over both.

With one instance it also drives the interview service in process, without HTTP, and prints its
CPU time per answered question: the engine's part and the rest (state and database), the
service overhead.

`--source` adds another source tree (e.g. an export of an older commit, run with this virtual
environment through PYTHONPATH), measured in the same run, in turn with this one. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
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


def server_cpu(group: int) -> float:
    """CPU seconds used so far by every process of a process group (Linux /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


#: Drives the interview service in process: CPU per answer, and the engine's part of it.
SERVICE_PROBE = """
import json, sys, time
from backcheck.config import Config
from backcheck.engine import Engine
from backcheck.evaluation import reply_json, sample_cases
from backcheck.knowledge import load_kb
from backcheck.service import InterviewService, build_services
services = build_services(Config.from_env())
service = InterviewService(services)
engine = services.engine
spent = [0.0]
step = engine.step
def timed(*args, **kwargs):
    start = time.thread_time()
    try:
        return step(*args, **kwargs)
    finally:
        spent[0] += time.thread_time() - start
engine.step = timed
cases = sample_cases(Engine(load_kb()), 120, seed=11)
def run(cases):
    answers = 0
    for case in cases:
        view = service.start(age=case.age, sex=case.sex)
        while view.status == "in_progress":
            q = view.question
            value = reply_json({"id": q.id, "select": q.select,
                                "options": [{"id": o.id} for o in q.options]}, case.present)
            view = service.answer(view.id, q.id, value)
            answers += 1
    return answers
run(cases[:20])
spent[0] = 0.0
start = time.thread_time()
answers = run(cases[20:])
total = time.thread_time() - start
print(json.dumps({"answers": answers, "total": total, "engine": spent[0]}))
"""


def service_overhead(source: Path | None, env: dict[str, str]) -> dict[str, float]:
    """CPU per answered question of the interview service in process, from another tree or this."""
    env = dict(env)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    out = subprocess.run(
        [sys.executable, "-c", SERVICE_PROBE], env=env, cwd=env["BACKCHECK_DATA_DIR"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(
    db: str,
    workers: int,
    seconds: float,
    concurrency: int,
    cases: list[Case],
    instances: int = 1,
    source: Path | None = None,
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
        if source is not None:
            env["PYTHONPATH"] = str(source)
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
                capture_output=True, cwd=data_dir,
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
        servers = []
        for port in ports:
            server = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "backcheck.app:create_app", "--factory",
                 "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                 "--log-level", "warning", "--no-access-log"],
                env=env, cwd=data_dir, start_new_session=True,
            )  # fmt: skip
            servers.append(server)
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
        cpu = sum(server_cpu(server.pid) for server in servers)
        start = time.perf_counter()
        asyncio.run(_drive(ports, cases, seconds, concurrency, latencies, stats))
        elapsed = time.perf_counter() - start
        cpu = sum(server_cpu(server.pid) for server in servers) - cpu
        lat = np.array(latencies) * 1000
        name = db if source is None else f"{db} ({source})"
        print(
            f"{name:8} instances={instances} workers={workers} concurrency={concurrency} "
            f"{elapsed:.0f}s: "
            f"{len(lat) / elapsed:6.0f} interview steps/s, p50 {np.percentile(lat, 50):.1f} ms, "
            f"p99 {np.percentile(lat, 99):.1f} ms, max {lat.max():.0f} ms; "
            f"{stats['interviews']} interviews completed, {stats['errors']} errors; "
            f"server CPU {cpu / len(lat) * 1000:.2f} ms per step "
            "(target >= 300 steps/s, p99 < 100 ms)"
        )
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        if instances == 1:
            # The service alone, in process, on the same database (median of three runs).
            runs = [service_overhead(source, env) for _ in range(3)]
            total = float(np.median([r["total"] / r["answers"] for r in runs])) * 1000
            engine = float(np.median([r["engine"] / r["answers"] for r in runs])) * 1000
            rest = float(np.median([(r["total"] - r["engine"]) / r["answers"] for r in runs]))
            print(
                f"{'':8} service in process, {runs[0]['answers']:.0f} answers (median of 3 "
                f"runs): {total:.2f} ms CPU per answered question, engine {engine:.2f} ms, "
                f"service overhead (state and database) {rest * 1000:.2f} ms"
            )
        return (
            f"{name} x{instances} {len(lat) / elapsed:.0f} steps/s, "
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
    parser.add_argument("--source", type=Path, action="append", default=[])
    args = parser.parse_args()
    cases = sample_cases(Engine(load_kb()), 400, seed=11)
    print(
        f"machine: {os.cpu_count()} cores; load generator and server share them; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    dbs = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    figures = [
        run(db, args.workers, args.seconds, args.concurrency, cases, n, source)
        for db in dbs
        for n in args.instances
        if n == 1 or db == "postgres"
        for source in (None, *args.source)
    ]
    print("summary: " + "; ".join(figures))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
