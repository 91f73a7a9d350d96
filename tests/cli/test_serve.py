"""`backcheck serve` with workers: a killed supervisor takes its workers with it; JSON logs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backcheck.evaluation.servers import free_port, wait_for_port

pytestmark = pytest.mark.slow


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def serving(tmp_path: Path, port: int, workers: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "BACKCHECK_DATA_DIR": str(tmp_path),
        "BACKCHECK_ENV": "development",
        "BACKCHECK_PARSER_AT_START": "false",
    }
    env.pop("BACKCHECK_DATABASE_URL", None)
    log = (tmp_path / f"serve-{port}-{time.monotonic_ns()}.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "backcheck", "serve", "--port", str(port),
         "--workers", str(workers)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        assert wait_for_port(port, timeout=90), "the server did not start"
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            server.wait(60)
        log.close()


def ready(port: int, attempts: int = 200) -> bool:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                return bool(answer.status == 200)
        except OSError:
            time.sleep(0.2)
    return False


def test_killing_the_supervisor_stops_its_workers(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path, port, workers=2) as server:
        assert ready(port)
        workers = [
            pid
            for pid in children(server.pid)
            if alive(pid) and "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()
        ]
        assert len(workers) == 2
        server.kill()
        server.wait(30)
        try:
            for _ in range(300):  # bounded: each worker shuts down once its parent is gone
                if not any(alive(pid) for pid in workers):
                    break
                time.sleep(0.1)
            assert [pid for pid in workers if alive(pid)] == []
        finally:
            for pid in workers:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
    with serving(tmp_path, port, workers=1):  # the address is free again
        assert ready(port)


def test_serve_logs_json_lines_without_ids_or_addresses(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path, port, workers=1):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/interviews",
            data=json.dumps({"age": 40, "sex": "male"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            interview = json.load(answer)["id"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/interview/{interview}", timeout=30):
            pass
    log = next(tmp_path.glob(f"serve-{port}-*.log")).read_text()
    entries = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    access = [(e["method"], e["route"], e["status"]) for e in entries if e["logger"] ==
              "backcheck.access"]  # fmt: skip
    assert access == [
        ("POST", "/api/v1/interviews", 201),
        ("GET", "/interview/{interview_id}", 303),
        ("GET", "/interview/{interview_id}/q/{number}", 200),
    ]
    assert interview not in log
    assert "127.0.0.1:" not in log.replace(f"http://127.0.0.1:{port}", "")
