"""Precision and recall of the text parser over the labelled phrases (evaluation/phrases.yaml)."""

from __future__ import annotations

from typing import Any

from backcheck.evaluation.phrases import Pair, expected_pairs, parsed_pairs
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser


def test_phrase_set_is_well_formed(phrases: list[dict[str, Any]], kb: KnowledgeBase) -> None:
    assert len(phrases) >= 150
    texts = [entry["text"] for entry in phrases]
    assert len(set(texts)) == len(texts), "a phrase is listed twice"
    unknown = [
        (entry["text"], fid)
        for entry in phrases
        for fid in (entry.get("present") or []) + (entry.get("absent") or [])
        if fid not in kb.findings
    ]
    assert unknown == []
    keys = {key for entry in phrases for key in entry}
    assert keys <= {"text", "present", "absent", "age", "sex"}


def test_precision_and_recall(parser: TextParser, phrases: list[dict[str, Any]]) -> None:
    tp = fp = fn = 0
    misses: list[tuple[str, list[Pair], list[Pair]]] = []
    for entry in phrases:
        expected = expected_pairs(entry)
        got = parsed_pairs(parser.parse(entry["text"]))
        tp += len(expected & got)
        fp += len(got - expected)
        fn += len(expected - got)
        if got != expected:
            misses.append((entry["text"][:60], sorted(got - expected), sorted(expected - got)))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    summary = f"precision {precision:.3f}, recall {recall:.3f}, misses: {misses}"
    assert precision >= 0.9, summary
    assert recall >= 0.9, summary


def test_pairs_are_counted_as_findings_and_details() -> None:
    entry = {"text": "x", "present": ["fever"], "absent": ["cough"], "age": 40, "sex": "male"}
    assert expected_pairs(entry) == {
        ("fever", "present"),
        ("cough", "absent"),
        ("age", 40),
        ("sex", "male"),
    }
