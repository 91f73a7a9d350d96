"""Parser memory: resident size after many descriptions full of words it has never seen.

Run: .venv/bin/python bench/memory.py [--requests 3000] [--words 60]
Parses `--requests` descriptions, each with `--words` made-up words, in one process (as one
worker would), and prints the resident set size before, along the way and after. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import string
import time
from pathlib import Path

from backcheck.knowledge import load_kb
from backcheck.language import TextParser


def rss_mb() -> float:
    """This process's resident set size in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def held(parser: TextParser) -> int:
    """Strings in the parser's vocabulary (also for the parser before it renewed its own)."""
    if hasattr(parser, "words_held"):
        return parser.words_held()
    return len(parser._nlp.vocab.strings)  # type: ignore[attr-defined]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--requests", type=int, default=3000)
    options.add_argument("--words", type=int, default=60)
    args = options.parse_args()
    rnd = random.Random(0)
    parser = TextParser(load_kb())
    parser.parse("back pain for 3 days")
    start = rss_mb()
    print(f"after loading: {start:.0f} MB, {held(parser)} words held")
    began = time.perf_counter()
    for n in range(1, args.requests + 1):
        words = ("".join(rnd.choices(string.ascii_lowercase, k=8)) for _ in range(args.words))
        parser.parse(" ".join(f"My back hurts and the {w} is sore." for w in words))
        if n % max(1, args.requests // 6) == 0:
            print(f"{n:6} requests: {rss_mb():.0f} MB, {held(parser)} words held")
    elapsed = time.perf_counter() - began
    end = rss_mb()
    print(
        f"summary: {args.requests} requests x {args.words} new words: {start:.0f} MB -> "
        f"{end:.0f} MB ({elapsed / args.requests * 1000:.0f} ms a request)"
    )


if __name__ == "__main__":
    main()
