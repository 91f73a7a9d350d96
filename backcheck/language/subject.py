"""Whose symptoms a description is about: the writer's, or one other person's.

Most people describe their own pain ("I have ..."), and then "my wife has the flu" is about
someone else and is ignored. But a relative or a clinician often writes about the patient:
"My dad is 63. He's had a stiff neck for years ...", "45-year-old man, he twisted ...". Such a
text is a *proxy report*: it talks about another person (he, she) and never about the writer's
own body, and then what is said of that person is the evidence. When nobody's own symptoms are
described, a single "he has ..." is taken to be about the patient: ignoring it could hide a
warning sign.

`find_proxy(text)` says whether a cleaned text is a proxy report, which relation word names
the patient (so that it stops marking the patient's symptoms as someone else's), and the
patient's age and sex when the text gives them ("my husband (47)", "Mum is 84").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["PATIENT_PRONOUN_CUES", "Proxy", "find_proxy"]

_MALE_RELATIONS = (
    "husband",
    "boyfriend",
    "father",
    "dad",
    "daddy",
    "son",
    "brother",
    "grandfather",
    "grandpa",
    "grandad",
    "granddad",
    "uncle",
    "nephew",
    "stepdad",
    "stepfather",
    "fiance",
)
_FEMALE_RELATIONS = (
    "wife",
    "girlfriend",
    "mother",
    "mum",
    "mom",
    "mam",
    "mummy",
    "daughter",
    "sister",
    "grandmother",
    "grandma",
    "gran",
    "granny",
    "nan",
    "nana",
    "nanna",
    "aunt",
    "auntie",
    "niece",
    "stepmum",
    "stepmother",
    "fiancee",
)
_OTHER_RELATIONS = (
    "partner",
    "friend",
    "mate",
    "flatmate",
    "roommate",
    "housemate",
    "neighbour",
    "neighbor",
    "colleague",
    "coworker",
    "boss",
    "child",
    "kid",
    "toddler",
    "teenager",
    "patient",
    "client",
    "relative",
)
_RELATION = "|".join(
    sorted((*_MALE_RELATIONS, *_FEMALE_RELATIONS, *_OTHER_RELATIONS), key=len, reverse=True)
)
#: ConText cues (lower case) that stand for the patient of a proxy report: "he has", "she's".
PATIENT_PRONOUN_CUES = frozenset(
    {"he has", "she has", "he had", "she had", "he's", "she's", "he is", "she is", "they have"}
)

_AGE_WORDS = r"\d{1,3}\s*(?:-\s*)?(?:years?|yrs?|yr)\s*(?:-\s*)?old|\d{1,3}\s*(?:yo|y/o)"
#: "my husband", "my 13 year old daughter", "our son", "my elderly mum"; or "Mum is 84".
_RELATION_REF = re.compile(
    rf"\b(?:my|our)\s+(?:(?:{_AGE_WORDS}|elderly|old|little|teenage|young|older|younger|baby"
    rf"|best|\d{{1,3}})\s+)?(?P<rel>{_RELATION})\b(?!\s*'s\s+(?:wife|husband|partner|friend))"
    rf"|(?:^|[.!?\n]\s*)(?P<bare>mum|mom|dad|mother|father|grandma|grandad|nan|granny)\b"
    r"(?=\s+(?:is|has|had|was|'s|keeps|says|fell|\())"
)
_THIRD = re.compile(r"\b(?:he|she|his|him|her|hers|himself|herself|he's|she's|he'd|she'd)\b")
_BODY = (
    r"(?:back|neck|chest|shoulders?|shoulder\s+blades?|arms?|legs?|hands?|fingers?|feet|foot"
    r"|ribs?|spine|stomach|tummy|belly|side|head|skin|jaw|heart|bladder|bowels?|pee|urine"
    r"|breathing|weight|knees?|hips?|muscles?|body|joints?|eyes?|temperature|temp|pain|bones?)"
)
_SELF = re.compile(
    rf"\bmy\s+(?:\w+\s+)?{_BODY}\b"
    r"|\b(?:i|i've|i'm|ive|im|i'd|i\s+have|i\s+am)\s+(?:(?:also|just|now|still|been|really"
    r"|suddenly|recently|always|never|not|n't|do|did|don't|didn't|can't|cant|cannot)\s+)*"
    r"(?:have|had|has|get|got|getting|feel|felt|feeling|woke|wake|waking|hurt|hurting|suffer"
    r"|suffered|keep|developed|noticed\s+(?:a|some|pain)|lifted|fell|slipped|tripped|twisted"
    r"|sneezed|coughed|bent|strained|pulled|injured|ache|aching|sore|in\s+pain|stiff|tired"
    r"|sick|short|breathless|pregnant|diabetic|\d{1,3}\b|a\s+\d{1,3}|male|female|a\s+(?:man|woman"
    r"|guy|girl|lady|bloke)|on\s+(?:the|my|steroids|dialysis)|taking|take|smoke|smoked|been\s+in"
    r"|'ve\s+been|ve\s+been)"
    r"|\b(?:hurts|wakes|kills|killing|bothering|bothers|stops|keeps)\s+me\b"
    r"|\bme\s+(?:up|awake)\b"
)
_AGE_AFTER_RELATION = re.compile(
    r"^\s*(?:\(\s*(?P<a>\d{1,3})\s*\)|,\s*(?P<b>\d{1,3})\s*,|(?:\s+is|\s+who\s+is|'s)\s+(?:now\s+|only\s+)?"
    r"(?P<c>\d{1,3})\b(?!\s*(?:%|kg|weeks?|days?|months?|hours?|minutes?|times)))"
)
_AGE_BEFORE_RELATION = re.compile(
    r"(?P<a>\d{1,3})\s*(?:-\s*)?(?:years?|yrs?|yr)\s*(?:-\s*)?old\s+(?:\w+\s+)?$"
    r"|(?P<b>\d{1,3})\s*(?:yo|y/o)\s+$"
)

#: "he's 52", "she is 80": the patient's age said with a pronoun.
_AGE_OF_PRONOUN = re.compile(
    r"\b(?:he|she)(?:'s|\s+is)\s+(?:now\s+|only\s+|just\s+|about\s+)?(?P<a>\d{1,3})\b"
    r"(?!\s*(?:%|kg|weeks?|days?|months?|hours?|minutes?|times|/|-|out\s+of|st\b|stone|lbs?))"
)


@dataclass(frozen=True)
class Proxy:
    """A description of one other person's symptoms, with that person's details."""

    relation: str | None
    age: int | None
    sex: Literal["female", "male"] | None


def _sex(relation: str | None, text: str) -> Literal["female", "male"] | None:
    if relation in _MALE_RELATIONS:
        return "male"
    if relation in _FEMALE_RELATIONS:
        return "female"
    he = len(re.findall(r"\b(?:he|his|him|he's|himself)\b", text))
    she = len(re.findall(r"\b(?:she|her|hers|she's|herself)\b", text))
    if he > 2 * she:
        return "male"
    if she > 2 * he:
        return "female"
    return None


def find_proxy(text: str) -> Proxy | None:
    """The patient of a proxy report, or None when the writer describes their own symptoms.

    >>> find_proxy("my dad is 63. he's had a stiff neck for years and his hands tingle")
    Proxy(relation='dad', age=63, sex='male')
    >>> find_proxy("45 year old woman, she has had pain for a week and her legs are weak")
    Proxy(relation=None, age=None, sex='female')
    >>> find_proxy("my wife has a fever and a cough") is None
    True
    >>> find_proxy("patient is a 70 year old male with tearing back pain. he is sweating")
    Proxy(relation=None, age=None, sex='male')
    >>> find_proxy("my husband thinks it's a muscle, i have pain in my back") is None
    True
    """
    if _SELF.search(text):
        return None
    third = len(_THIRD.findall(text))
    ref = _RELATION_REF.search(text)
    if third == 0:
        return None
    relation = (ref["rel"] or ref["bare"]) if ref else None
    age: int | None = None
    if ref:
        start = ref.start("rel") if ref["rel"] else ref.start("bare")
        after = _AGE_AFTER_RELATION.match(text[ref.end() : ref.end() + 30])
        before = _AGE_BEFORE_RELATION.search(text[max(0, start - 30) : start])
        for m in (after, before):
            if m:
                value = next((int(v) for v in m.groupdict().values() if v), None)
                if value is not None and 0 < value <= 110:
                    age = value
                    break
    if age is None:
        said = _AGE_OF_PRONOUN.search(text)
        if said and 0 < int(said["a"]) <= 110:
            age = int(said["a"])
    return Proxy(relation, age, _sex(relation, text))
