"""The phrases the parser looks for, taken from the knowledge base's findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from backcheck.knowledge import KnowledgeBase
from backcheck.language.normalize import clean_text
from backcheck.language.phrases import (
    BLOCK_PHRASES,
    FAMILY_ONLY,
    READINGS,
)
from backcheck.language.spans import _BLOCK, _USEFUL_NAME, _WORD

__all__: list[str] = []


def _phrases_of(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(finding id, phrase, rule) for every finding the text can mention."""
    for finding in kb.findings.values():
        if finding.kind == "demographic" and finding.id != "pregnant":
            continue
        for synonym in finding.synonyms:
            yield finding.id, synonym, "synonym"
        name = finding.name
        if (
            len(name.split()) <= 5
            and _USEFUL_NAME.match(name)
            and " or " not in name
            and "you" not in name.lower().split()
        ):
            yield finding.id, name, "synonym"
    for fid, phrases in FAMILY_ONLY.items():
        if fid in kb.findings:
            for phrase in phrases:
                yield fid, phrase, "family"
    for label, reading in READINGS.items():
        for phrase in reading.phrases:
            yield label, phrase, "reading"
    for phrase in BLOCK_PHRASES:
        yield _BLOCK, phrase, "block"


_DETERMINER_WORDS = frozenset({"the", "my", "a", "an", "your", "his", "her", "their", "our"})


def _variants(phrase: str) -> list[str]:
    """The phrase, and the phrase without its determiners ("under right ribs").

    >>> _variants("pain under my right ribs"), _variants("the pill")
    (['pain under my right ribs', 'pain under right ribs'], ['the pill'])
    """
    if not phrase:
        return []
    words = phrase.split()
    bare = [w for w in words if w not in _DETERMINER_WORDS]
    if len(bare) == len(words) or len(bare) < 2:
        return [phrase]
    return [phrase, " ".join(bare)]


def _words(phrases: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for phrase in phrases:
        out.update(_WORD.findall(clean_text(phrase)))
    return out


def _kb_words(kb: KnowledgeBase) -> set[str]:
    """Plain English words used anywhere in the knowledge base's texts."""
    texts: list[str] = []
    for f in kb.findings.values():
        texts += [f.name, f.question, f.help]
    for g in kb.groups.values():
        texts += [g.question, g.help]
    for c in kb.conditions.values():
        texts += [c.name, c.description, *c.causes, *c.self_care, *c.treatment, *c.doctor]
    return _words(texts)
