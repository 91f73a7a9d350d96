"""A finding as a short phrase for explanations, taken from its reviewed `phrase` in the KB."""

from __future__ import annotations

from backcheck.knowledge.schema import Finding

__all__ = ["finding_phrase"]


def finding_phrase(finding: Finding, state: str) -> str:
    """The phrase saying a finding is present, absent, or unknown ("... (not sure)").

    >>> fever = Finding.model_validate({
    ...     "id": "fever", "name": "Fever", "kind": "symptom",
    ...     "phrase": {"present": "a fever", "absent": "no fever"},
    ...     "question": "Do you have a fever?", "help": "A raised temperature.",
    ...     "background": {"p": 0.04, "estimate": "An example."},
    ... })
    >>> [finding_phrase(fever, s) for s in ("present", "absent", "unknown")]
    ['a fever', 'no fever', 'a fever (not sure)']
    """
    if state == "present":
        return finding.phrase.present
    if state == "absent":
        return finding.phrase.absent
    if state == "unknown":
        return f"{finding.phrase.present} (not sure)"
    raise ValueError(f"unknown evidence state {state!r}: expected present, absent or unknown")
