"""Story scrubber: recall and precision on synthetic stories with planted personal details.

Run: .venv/bin/python bench/scrub.py [--stories 200] [--seeds 0 1 2]
Prints, per seed, how many details of each kind were planted and removed whole, and the share
of removed words that were planted ones. Prints figures; asserts nothing (the test suite holds
recall >= 0.98 on seed 0).
"""

from __future__ import annotations

import argparse

from backcheck.evaluation.personal import score, synthetic_stories
from backcheck.service.scrub import scrub


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--stories", type=int, default=200)
    options.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = options.parse_args()
    figures = []
    for seed in args.seeds:
        result = score(lambda text: scrub(text).text, synthetic_stories(args.stories, seed))
        kinds = ", ".join(
            f"{kind} {result.found[kind]}/{n}" for kind, n in sorted(result.planted.items())
        )
        print(
            f"seed {seed}: {args.stories} stories; {kinds}; recall {result.recall:.3f}, "
            f"precision {result.precision:.3f} ({result.wrongly_removed} of "
            f"{result.removed_words} removed words were not planted)"
        )
        figures.append(f"seed {seed} recall {result.recall:.3f} precision {result.precision:.3f}")
    print("summary: " + "; ".join(figures))


if __name__ == "__main__":
    main()
