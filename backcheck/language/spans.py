"""Candidate mentions: clause bounds, polarity, sensation-body part pairs, overlaps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from backcheck.language.normalize import normalise_word
from backcheck.language.phrases import (
    BETTER_PHRASES,
    BETTER_WORDS,
    BODY_PARTS,
    COMBOS,
    SENSATION_KEEPS_WORD,
    SENSATION_WINDOW,
    SENSATIONS,
    WORSE_PHRASES,
    WORSE_WORDS,
)
from backcheck.language.subject import PATIENT_PRONOUN_CUES, Proxy

__all__: list[str] = []

_GROUP = "backcheck_targets"
_BLOCK = "_block"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SENTENCE_END = frozenset({".", "!", "?", "...", "\u2026"})
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|,|\bbut\b|\bthough\b|\bwhereas\b|\bwhile\b")
_SUBCLAUSE_BREAK = re.compile(r"[.;!?\n,]|\b(?:but|though|whereas|while|and|then|or)\b")
_SENTENCE_BREAK = re.compile(r"[.;!?\n]")
#: Parts of a clause for a trigger's polarity: "worse when I stand up or roll over" share one.
_POLARITY_BREAK = re.compile(r"[.;!?\n,]|\b(?:but|though|whereas|while|and|then)\b")
_HABIT = re.compile(
    r"\b(?:smok\w*|worked|job|insulin|tablets|pills|medication|meds|married|lived"
    r"|diagnosed|quit|taking|been\s+on|retired|vap\w*|drink\w*|drank|played|playing|training"
    r"|infect\w*|cold|flu|virus|covid|operation|surgery|replacement|flight|flew|treated"
    r"|treatment|chemo\w*|radiotherapy|antibiotics|jab|vaccin\w*)\b"
)
#: "X doesn't hurt" after a mention: "pressing on the spine itself doesn't hurt".
_NEGATED_AFTER = re.compile(
    r"(?:\s+(?!(?:and|or|but|though|although|however|so|then|it|which)\b)[\w']+){0,4}?\s+"
    r"(?:(?:does|do|did|is|are|was|were)\s*(?:n't|\s+not)|never)\s+(?:really\s+|actually\s+)?"
    r"(?:hurts?|hurting|sore|tender|painful|bother\w*)\b"
)
#: A negation just before a phrase read by `READINGS` ("haven't been able to work").
_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever|\bno\s+longer|\bcannot|\bcant|\bunable|\bnothing|\bnobody)"
    r"(?:\s+[\w']+){0,3}\s*$"
)
_SPREAD_WORDS = re.compile(r"\b(down|into|to|through|radiat\w*|spread\w*|shoot\w*|travel\w*|up)\b")
#: Findings named like diagnoses that fears and questions ("could it be ...") can be about.
_DIAGNOSIS_SYMPTOMS = frozenset(
    {
        "band_rash",
        "uneven_shoulders",
        "sudden_weakness_one_side",
        "flu_like_aches",
        "jaundice",
        "back_deformity",
        "pregnant",
    }
)
_TRIGGER_GROUPS = ("worse", "better")
#: What "X has not helped" may negate: a reliever (or a trigger said to help), the course.
_RELIEF_GROUPS = (*_TRIGGER_GROUPS, "course")
_NOT_BETTER = "not_better"
#: A negation right before a better word: "no better", "doesn't help", "nothing eases it".
_NEGATOR_BEFORE = re.compile(
    r"(?:\bno|\bnot|n't|\bnever|\bnothing|\bnone|\bhardly|\bbarely)(?:\s+(?:really|much|any"
    r"|at\s+all|seem\s+to|seems\s+to|even|that|make\s+it|made\s+it|makes\s+it))*\s+$"
)
#: Which present option of a one-answer group to keep: the highest-ranked or the last stated.
_KEEP_HIGHEST = frozenset({"severity", "duration"})
_USEFUL_NAME = re.compile(r"^[^(),/]+$")


@dataclass
class _Candidate:
    finding_id: str
    start: int  # characters
    end: int
    tok_start: int
    tok_end: int
    rule: str
    categories: set[str] = field(default_factory=set)
    cover: tuple[int, int] | None = None
    value: float = 0.0
    absent: bool = False


# Verbs that open a new clause after a comma, in NORM form (goes -> goe, has -> ha).
# fmt: off
_VERBS = frozenset({
    "help", "helped", "helping", "hurt", "hurting", "is", "are", "was", "were", "make", "get",
    "feel", "goe", "go", "come", "work", "ache", "aching", "stay", "spread", "move", "start",
    "started", "have", "ha", "had", "got", "'ve", "'s", "'m", "am",
})
# fmt: on


def _outside_targets(target: Any, modifier: Any, between: Any) -> bool:
    """Whether a cue may modify a target.

    Not when the cue is part of a longer target ("no appetite" does not negate "fever"), nor
    across a comma into a clause with its own verb ("no fever, painkillers help").
    """
    doc = modifier.doc
    inside = doc.user_data.setdefault("backcheck_cue_inside_target", {})
    key = (modifier.start, modifier.end)
    if key not in inside:
        inside[key] = any(
            other.start <= modifier.start and modifier.end <= other.end
            for other in doc.spans[_GROUP]
        )
    if inside[key]:
        return False
    commas = [i for i, t in enumerate(between) if t.text == ","]
    if commas:
        after = list(between)[commas[0] + 1 :] + list(target)
        if any(t.norm_ in _VERBS for t in after):
            return False
    return True


def _cue_words(doc: Any, modifier: Any) -> str:
    """A ConText cue's words as written, lower-cased ("he has")."""
    start, end = modifier.modifier_span
    return str(doc[start:end].text.lower())


def _names_the_patient(doc: Any, modifier: Any, proxy: Proxy | None) -> bool:
    """Whether a someone-else or family cue names the patient of a proxy report ("he has")."""
    if proxy is None or str(modifier.category).upper() not in ("OTHER_PERSON", "FAMILY"):
        return False
    cue = _cue_words(doc, modifier)
    if cue in PATIENT_PRONOUN_CUES:
        return True
    return proxy.relation is not None and normalise_word(cue) == normalise_word(proxy.relation)


def _mark_sentences(doc: Any) -> None:
    """Sentence starts after . ! ? and line breaks (what ConText scopes to)."""
    previous = None
    for token in doc:
        if previous is None:
            token.is_sent_start = True
        else:
            token.is_sent_start = (
                previous.text in _SENTENCE_END
                or "\n" in previous.whitespace_
                or (previous.is_space and "\n" in previous.text)
            )
        previous = token


_COMBO_BREAKS = frozenset(
    {".", ";", "!", "?", "but", "though", "however", "except", "apart", "whereas", "while"}
)
_COMBO_WINDOW = 6


def _combos(doc: Any) -> Iterator[tuple[int, int, str, tuple[int, int], str]]:
    """(start, end, finding, cover, rule) for each sensation paired with its nearest body part.

    A coordinated body part counts too ("tingling in my hands or feet"). The rule is "pair"
    when the sensation word keeps its own finding too ("stiff"), otherwise "combo".
    """
    norms = [t.norm_ for t in doc]
    n = len(norms)

    def part_at(k: int, sensation: str) -> str | None:
        part = BODY_PARTS.get(norms[k]) if 0 <= k < n else None
        return part if part is not None and (sensation, part) in COMBOS else None

    for i, norm in enumerate(norms):
        sensation = SENSATIONS.get(norm)
        if sensation is None:
            continue
        found: list[int] = []
        window = SENSATION_WINDOW.get(sensation, _COMBO_WINDOW)
        for step in (1, -1):  # forward first: ties go to "numb fingers" over "fingers, numb"
            k = i + step
            while 0 <= k < n and abs(k - i) <= window and norms[k] not in _COMBO_BREAKS:
                if part_at(k, sensation):
                    found.append(k)
                    break
                k += step
        if not found:
            continue
        j = min(found, key=lambda k: (abs(k - i), k < i))
        parts = [j]
        for step in (1, -1):
            k = j + step
            if 0 <= k < n and norms[k] in ("or", "and", "&", ","):
                k += step
                if 0 <= k < n and norms[k] == "my":
                    k += step
                if part_at(k, sensation):
                    parts.append(k)
        start, end = i, i + 1
        if norm == "needle":
            if i < 2 or norms[i - 2] != "pin" or norms[i - 1] != "and":
                continue
            start = i - 2
        findings = dict.fromkeys(COMBOS[(sensation, BODY_PARTS[norms[k]])] for k in parts)
        lo, hi = min([start, *parts]), max([end, *(k + 1 for k in parts)])
        rule = "pair" if sensation in SENSATION_KEEPS_WORD else "combo"
        for finding in findings:
            yield start, end, finding, (lo, hi), rule


def _inside_combo(cand: _Candidate, combos: list[_Candidate], clean: str) -> bool:
    """A bare body part ("left arm numb") that a sensation pair already explains."""
    if cand.rule == "combo" or not cand.finding_id.startswith("spreads_"):
        return False
    if _SPREAD_WORDS.search(clean[cand.start : cand.end]):
        return False
    for combo in combos:
        if combo.cover and cand.start < combo.cover[1] and combo.cover[0] < cand.end:
            return True
    return False


def _nearest_polarity(clean: str, start: int, end: int) -> str | None:
    """Whether the nearest better/worse word says better or worse.

    Looked for first in the mention's own part of the clause ("hurts more when I walk uphill"
    | "and settles when I stop"), then in the whole clause ("lying down and resting helps").
    """
    for pattern in (_POLARITY_BREAK, _CLAUSE_BREAK):
        found = _polarity_within(clean, start, end, pattern)
        if found is not None:
            return found
    return None


def _polarity_within(clean: str, start: int, end: int, breaks_at: re.Pattern[str]) -> str | None:
    breaks = list(breaks_at.finditer(clean, 0, start))
    lo = breaks[-1].end() if breaks else 0
    nxt = breaks_at.search(clean, end)
    hi = nxt.start() if nxt else len(clean)
    best: tuple[int, str] | None = None
    found: list[tuple[int, int, str]] = [
        (m.start(), m.end(), "better") for m in BETTER_PHRASES.finditer(clean, lo, hi)
    ] + [(m.start(), m.end(), "worse") for m in WORSE_PHRASES.finditer(clean, lo, hi)]
    for m in _WORD.finditer(clean, lo, hi):
        word = m.group()
        polarity = "better" if word in BETTER_WORDS else "worse" if word in WORSE_WORDS else None
        if polarity is not None:
            found.append((m.start(), m.end(), polarity))
    for i, (w_start, w_end, polarity) in enumerate(found):
        if polarity == "better" and _NEGATOR_BEFORE.search(clean, max(0, w_start - 22), w_start):
            found[i] = (w_start, w_end, _NOT_BETTER)
    for w_start, w_end, polarity in found:
        if start <= w_start < end:
            continue
        distance = start - w_end if w_end <= start else w_start - end
        if best is None or distance < best[0]:
            best = (distance, polarity)
    return best[1] if best else None


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop spans inside a longer one; overlapping spans of one finding keep only the longest.

    Spans that only partly overlap ("tight band" and "band round my chest") both stay, and so
    do equal spans of different findings (a synonym listed under two findings). A sensation
    paired with a body part is more specific than the bare words: it is never dropped for a
    longer span of another finding, and it replaces a synonym with exactly its span
    ("pins and needles in my feet" is not numbness of the arm). A blocking phrase ("blood
    pressure") removes what it contains.
    """
    ordered = sorted(
        candidates,
        key=lambda c: (
            -(c.end - c.start),
            c.start,
            c.finding_id != _BLOCK,
            c.rule != "combo",
            c.rule != "synonym",
        ),
    )
    kept: list[_Candidate] = []
    for cand in ordered:
        clash = False
        for other in kept:
            if not (cand.start < other.end and other.start < cand.end):
                continue
            if cand.finding_id == other.finding_id:
                clash = True
            elif cand.rule in ("combo", "pair"):
                clash = False
            elif (cand.start, cand.end) == (other.start, other.end):
                clash = _BLOCK in (cand.finding_id, other.finding_id) or other.rule == "combo"
            elif other.start <= cand.start and cand.end <= other.end:
                clash = True
            if clash:
                break
        if not clash:
            kept.append(cand)
    return kept
