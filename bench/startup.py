"""Start-up: `backcheck assess --text` as a whole process, and `backcheck serve` to its first 200.

Run: .venv/bin/python bench/startup.py [--runs 5] [--source DIR ...]

For each source tree (default: this one; `--source` adds others, e.g. an export of an older
commit, run through the same virtual environment with PYTHONPATH) and each run, in turn:

- `backcheck assess --text ...`: wall time and peak memory (max RSS) of the process, and
  whether it imported the storage layer (SQLAlchemy, Alembic);
- `backcheck serve` (SQLite in a temporary folder; its default workers unless `--workers`):
  time from the start to the first 200 on `/`, then how long a description sent at once
  (`POST /api/v1/parse`) takes, and when it is answered counting from the start.

Then the floor under each: a bare Python process that only imports the third-party packages
that command imports (found by running it and reading `sys.modules`), timed the same way. No
code of ours can start faster than its libraries import. Prints medians over the runs and the
load average; asserts nothing. Targets: assess < 1.2 s, serve to first 200 < 1 s, the first
description not waiting for the parser.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEXT = (
    "I am 45 and for two weeks my upper back has ached between the shoulder blades, worse "
    "after long days at my desk. No fever, no weight loss, no numbness."
)
PROBE = (
    "import sys, runpy; sys.argv = ['backcheck', 'assess', '--text', sys.argv[1]]\n"
    "try:\n    runpy.run_module('backcheck', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    "print('STORAGE' if {'sqlalchemy', 'alembic'} & set(sys.modules) else 'NO-STORAGE', "
    "file=sys.stderr)\n"
)


#: Builds the app as one `serve` worker does, without serving.
SERVE_PROBE = "from backcheck.app import create_app\ncreate_app()\n"
#: Prints the top-level third-party packages the process has imported, as JSON.
_LIST = (
    "import json, sys, sysconfig\n"
    "site = sysconfig.get_paths()['purelib']\n"
    "print(json.dumps(sorted({n.split('.')[0] for n, m in list(sys.modules.items()) if "
    "(getattr(m, '__file__', None) or '').startswith(site)})))\n"
)


def third_party(source: Path, probe: str) -> list[str]:
    """The top-level third-party packages a probe (a command's start) imports."""
    with tempfile.TemporaryDirectory() as data_dir:
        out = subprocess.run(
            [str(BIN / "python"), "-c", probe + _LIST, TEXT],
            env=_env(source, data_dir),
            cwd=data_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    names: list[str] = json.loads(out.strip().splitlines()[-1])
    return [n for n in names if not n.startswith("_")]


def import_once(packages: list[str]) -> float:
    """Wall seconds of a bare Python process that imports `packages` and nothing of ours."""
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "python"), "-c", "import " + ", ".join(packages)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _env(source: Path, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(source)
    env["BACKCHECK_DATA_DIR"] = data_dir
    env["BACKCHECK_ENV"] = "development"
    env.pop("BACKCHECK_DATABASE_URL", None)
    return env


def assess_once(source: Path) -> tuple[float, float, bool]:
    """Wall seconds, peak RSS in MB and whether storage was imported, for one `assess`."""
    with tempfile.TemporaryDirectory() as data_dir:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(BIN / "python"), "-c", PROBE, TEXT],
            env=_env(source, data_dir),
            cwd=data_dir,  # not a source tree: the current folder comes first on sys.path
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"assess failed: {err}")
    return elapsed, usage.ru_maxrss / 1024, "NO-STORAGE" not in err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_once(source: Path, workers: int | None, timeout: float = 60.0) -> tuple[float, float]:
    """Seconds from `backcheck serve` to the first 200, and how long a description sent then
    takes (it waits for the parser if that is not built yet)."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(BIN / "python"), "-m", "backcheck", "serve", "--port", str(port)]
            + ([] if workers is None else ["--workers", str(workers)]),
            env=_env(source, data_dir),
            cwd=data_dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            first = _first_200(f"http://127.0.0.1:{port}/", start, timeout)
            body = json.dumps({"text": TEXT}).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/parse",
                data=body,
                headers={"Content-Type": "application/json"},
            )
            sent = time.perf_counter()
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
            parse = time.perf_counter() - sent
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    return first, parse


def _first_200(url: str, start: float, timeout: float) -> float:
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.01)
    raise RuntimeError("the server did not answer")


def main(argv: list[str] | None = None) -> None:
    """Print the figures (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", type=Path, action="append", default=[])
    parser.add_argument("--workers", type=int, help="passed to serve (default: its default)")
    args = parser.parse_args(argv)
    sources = [ROOT, *args.source]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}; "
        f"medians of {args.runs} runs, sources in turn"
    )
    results: dict[Path, dict[str, list[float]]] = {
        s: {"assess": [], "rss": [], "storage": [], "serve": [], "parse": []} for s in sources
    }
    for _ in range(args.runs):
        for source in sources:
            seconds, rss, storage = assess_once(source)
            first, parse = serve_once(source, args.workers)
            r = results[source]
            r["assess"].append(seconds)
            r["rss"].append(rss)
            r["storage"].append(float(storage))
            r["serve"].append(first)
            r["parse"].append(parse)
    for source, r in results.items():
        answered = [a + b for a, b in zip(r["serve"], r["parse"], strict=True)]
        print(
            f"{source!s:32} assess --text {statistics.median(r['assess']):5.2f} s, "
            f"{statistics.median(r['rss']):4.0f} MB, storage imported: "
            f"{'yes' if max(r['storage']) else 'no'}; serve to first 200 "
            f"{statistics.median(r['serve']):5.2f} s; a description sent then: answered in "
            f"{statistics.median(r['parse']):5.2f} s, {statistics.median(answered):5.2f} s after "
            "the start"
        )
    print(f"targets: assess < 1.2 s, serve < 1 s; load average {os.getloadavg()[0]:.1f} at the end")
    floors = {
        "assess --text": third_party(ROOT, PROBE),
        "serve": third_party(ROOT, SERVE_PROBE),
    }
    floor_times = {
        name: statistics.median(import_once(packages) for _ in range(args.runs))
        for name, packages in floors.items()
    }
    for name, packages in floors.items():
        print(
            f"floor for {name}: its {len(packages)} third-party packages alone import in "
            f"{floor_times[name]:.2f} s ({', '.join(packages)})"
        )
    mine = results[ROOT]
    print(
        f"summary: assess {statistics.median(mine['assess']):.2f} s, serve to first 200 "
        f"{statistics.median(mine['serve']):.2f} s; floors {floor_times['assess --text']:.2f} s "
        f"and {floor_times['serve']:.2f} s"
    )


if __name__ == "__main__":
    main()
