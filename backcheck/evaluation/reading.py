"""How carefully the parser reads: its findings against those labelled by hand in vignettes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from backcheck.evaluation.vignettes import Vignette
from backcheck.language import TextParser

__all__ = ["ReadingScore", "score_reading"]


@dataclass(frozen=True)
class ReadingScore:
    """Counts of (finding, state) pairs read right, read wrongly and missed.

    `warning_*` count only the warning signs (findings that fire a red-flag rule alone) read as
    present, where a false alarm costs most.
    """

    vignettes: int
    true_positives: int
    false_positives: int
    false_negatives: int
    warning_true: int
    warning_false: int
    wrong: tuple[tuple[str, str, str], ...]

    @property
    def precision(self) -> float:
        """Of the pairs read, the share that were labelled."""
        read = self.true_positives + self.false_positives
        return self.true_positives / read if read else 1.0

    @property
    def recall(self) -> float:
        """Of the pairs labelled, the share that were read."""
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else 1.0

    @property
    def warning_precision(self) -> float:
        """Of the warning signs read as present, the share labelled present."""
        read = self.warning_true + self.warning_false
        return self.warning_true / read if read else 1.0


def score_reading(
    parser: TextParser, vignettes: Sequence[Vignette], warning_signs: Collection[str]
) -> ReadingScore:
    """Compare what the parser reads in each vignette with its labelled findings.

    `wrong` lists the false positives as (vignette id, finding id, state read).
    """
    tp = fp = fn = warn_tp = warn_fp = 0
    wrong: list[tuple[str, str, str]] = []
    for vignette in vignettes:
        read = set(parser.parse(vignette.text).evidence().items())
        labelled = {(f, "present") for f in vignette.findings.present}
        labelled |= {(f, "absent") for f in vignette.findings.absent}
        tp += len(read & labelled)
        fp += len(read - labelled)
        fn += len(labelled - read)
        wrong += [(vignette.id, f, s) for f, s in sorted(read - labelled)]
        for finding, state in read:
            if state == "present" and finding in warning_signs:
                if (finding, state) in labelled:
                    warn_tp += 1
                else:
                    warn_fp += 1
    return ReadingScore(len(vignettes), tp, fp, fn, warn_tp, warn_fp, tuple(wrong))
