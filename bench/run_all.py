"""Run every benchmark in bench/, each in a fresh process, and print one summary at the end.

Run: .venv/bin/python bench/run_all.py [--full] [NAME ...]   (or `make bench`)

Quick by default: small sizes, a couple of minutes in all, enough to see that every benchmark
runs and roughly where the figures are. --full runs each benchmark with its own defaults, the
figures docs/performance.md reports. Every bench/*.py is run (a new one is picked up with no
arguments in quick mode); NAME runs only the benchmarks named. Each benchmark prints its figures
and one line starting "summary:", collected here. Exits 1 if any benchmark failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Arguments for quick mode, by benchmark (the rest run with their defaults).
QUICK: dict[str, list[str]] = {
    "engine": ["--patients", "100"],
    "interview": ["--patients", "100"],
    "parser": ["--runs", "50"],
    "load": ["--seconds", "3", "--concurrency", "4"],
    "scale": ["--sizes", "real,200x500", "--patients", "30", "--memory-steps", "1000"],
    "startup": ["--runs", "1"],
}

#: Tools beside the benchmarks that measure nothing on their own (engine_trace compares two
#: recordings of the engine's decisions: run it by hand around an engine change).
TOOLS = frozenset({"engine_trace"})


@dataclass(frozen=True)
class Outcome:
    """How one benchmark went: exit code, wall time and its summary lines."""

    name: str
    returncode: int
    seconds: float
    summary: list[str]


def benchmarks() -> list[str]:
    """Every benchmark script beside this one."""
    mine = Path(__file__).stem
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem != mine and p.stem not in TOOLS)


def run(name: str, args: list[str]) -> Outcome:
    """Run one benchmark, echoing its output as it comes; keep its summary lines."""
    print(f"\n== {name} {' '.join(args)}".rstrip(), flush=True)
    start = time.perf_counter()
    summary: list[str] = []
    with subprocess.Popen(
        [sys.executable, str(HERE / f"{name}.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=HERE.parent,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith("summary: "):
                summary.append(line.removeprefix("summary: ").strip())
    return Outcome(name, process.returncode, time.perf_counter() - start, summary)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print the summary; 1 if any failed."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--full", action="store_true", help="full sizes (slow)")
    options.add_argument("names", nargs="*", metavar="NAME", help="only these benchmarks")
    args = options.parse_args(argv)
    known = benchmarks()
    unknown = sorted(set(args.names) - set(known))
    if unknown:
        options.error(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(known)})")
    outcomes = [run(name, [] if args.full else QUICK.get(name, [])) for name in args.names or known]
    print(f"\n== summary ({'full' if args.full else 'quick; --full for the published figures'})")
    width = max(len(o.name) for o in outcomes)
    for o in outcomes:
        status = "ok" if o.returncode == 0 else f"FAILED (exit {o.returncode})"
        figures = "; ".join(o.summary) or "(no summary line)"
        print(f"{o.name:<{width}}  {o.seconds:6.1f} s  {status:<8}  {figures}")
    return 0 if all(o.returncode == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
