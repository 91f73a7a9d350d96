"""Removing what looks like personal details from a story before it is stored.

Emails, web links and social media handles, phone numbers, street addresses and postcodes, and
names (after "my name is" and similar, or after a title such as "Dr") are replaced by a marker
such as "[email removed]". Clinical numbers are left alone: pain scores (10/10), durations
(2 weeks), vertebrae (C7, T4-T5), ages, doses, blood pressure and dates.

>>> scrub("My name is Jane Doe, call 555-123-4567. Pain 8/10 at C7 for 2 weeks.").text
'My name is [name removed], call [phone number removed]. Pain 8/10 at C7 for 2 weeks.'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from backcheck.service.names import find_names

__all__ = ["KINDS", "Removal", "Scrubbed", "clean_text", "describe_removals", "scrub"]

#: kind -> (what it is called, singular and plural; the marker that replaces it)
KINDS: dict[str, tuple[str, str, str]] = {
    "email": ("email address", "email addresses", "[email removed]"),
    "link": ("web link or handle", "web links or handles", "[link removed]"),
    "phone": ("phone number", "phone numbers", "[phone number removed]"),
    "address": ("street address or postcode", "street addresses or postcodes",
                "[address removed]"),
    "name": ("name", "names", "[name removed]"),
    "birth_date": ("date of birth", "dates of birth", "[date of birth removed]"),
}  # fmt: skip


@dataclass(frozen=True)
class Removal:
    """How many things of one kind were removed."""

    kind: str
    count: int

    @property
    def label(self) -> str:
        """What was removed, in words: "2 phone numbers"."""
        singular, plural, _ = KINDS[self.kind]
        return f"{self.count} {singular if self.count == 1 else plural}"


@dataclass(frozen=True)
class Scrubbed:
    """Text with personal details replaced, and what was removed."""

    text: str
    removed: tuple[Removal, ...]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\ufeff]")


def clean_text(text: str) -> str:
    r"""Normalise text: NFC, plain newlines, no control or direction characters, trimmed.

    >>> clean_text("  a\r\nb\x00c\u202e\n\n\n\nd ")
    'a\nbc\n\nd'
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ")
    text = _CONTROL.sub("", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# ----- the patterns -----

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+\s*[\[({]\s*at\s*[\])}]\s*[A-Za-z0-9-]+"
    r"(?:\s*(?:[\[({]\s*dot\s*[\])}]|\.)\s*[A-Za-z0-9-]+)+"
    r"|\b[A-Za-z0-9._%+-]+ at [A-Za-z0-9-]+ dot (?:com|org|net|edu|gov|io|co|uk|de|fr|ca|au)\b"
    r"(?: dot [a-z]{2,3}\b)?",
    re.IGNORECASE,
)
_LINK = re.compile(
    r"\b(?<![\w.])(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"
    r"|(?<![\w.@])@[A-Za-z0-9_]{2,30}\b",
    re.IGNORECASE,
)
_STREET_WORDS = (
    "Street|Road|Avenue|Lane|Boulevard|Highway|Parkway|Drive|Court|Place|Way|Close|Crescent"
    "|Terrace|Grove|Gardens|Square|Circle|Mews|Row"
)
_STREET_SHORT = "St|Rd|Ave|Ln|Blvd|Hwy|Pkwy|Dr|Ct|Pl|Sq"
#: A street suffix, in any case ("high street") or only capitalised ("Elm Walk").
_STREET_ANY = rf"(?i:(?:{_STREET_WORDS})\b|(?:{_STREET_SHORT})(?:\.|\b))"
_STREET_CAPITAL = rf"(?:(?:{_STREET_WORDS}|Walk|Rise|Hill)\b|(?:{_STREET_SHORT})(?:\.|\b))"
_UK_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})"
_ADDRESS_TAIL = (
    r"(?:\s(?:N|S|E|W|NE|NW|SE|SW)\b)?"
    r"(?:,?\s(?i:apt|apartment|flat|unit|suite)\.?\s?#?\w{1,5})?"
    r"(?:,\s[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})?"
    r"(?:,?\s(?:[A-Z]{2}\s\d{5}(?:-\d{4})?|" + _UK_POSTCODE + r"))?"
)
_NUMBER = r"\b\d{1,5}[A-Za-z]?(?:-\d{1,5})?,?\s"
#: "123 Main Street", "10 Downing St., London", "1600 Pennsylvania Avenue NW".
_ADDRESS = re.compile(_NUMBER + r"(?:[A-Z][A-Za-z'.-]*\s){1,4}" + _STREET_CAPITAL + _ADDRESS_TAIL)
#: "I live at 12 high street": lower case only after a cue that an address follows.
_ADDRESS_CUED = re.compile(
    r"(?i:\b(?:live|living|lives|lived|moved|address is|address:|house is|flat is))"
    r"(?:\s(?i:at|on|to|in))?\s"
    r"(" + _NUMBER + r"(?:[A-Za-z][A-Za-z'.-]*\s){1,4}" + _STREET_ANY + _ADDRESS_TAIL + ")"
)
_PO_BOX = re.compile(r"\b(?i:p\.?\s?o\.?\s?box)\s?\d{1,6}\b")
_POSTCODE = re.compile(r"(?<![\w-])" + _UK_POSTCODE + r"(?![\w-])")
_PHONE = re.compile(
    r"(?<![\w/.,:+-])"
    r"(?:\+\s?\d{1,3}[ .-]?)?"
    r"(?:\(\d{1,5}\)[ .-]?)?"
    r"\d+(?:[ .\u00a0-]\d+)*"
    r"(?![\w/]|[.,:-]\d)"
)
_CAPITAL_WORD = r"(?:[A-Z][A-Za-z'-]+|[A-Z]\.)"
_CAPITAL_RUN = re.compile(_CAPITAL_WORD + r"(?: " + _CAPITAL_WORD + r"){0,2}(?![\w@])")
_LOWER_RUN = re.compile(r"[a-z][a-z'-]+(?: [a-z][a-z'-]+)?(?![\w@])")
#: Words that end a name written in lower case ("my name is jane and ...").
_STOP_WORDS = (
    "a an and are as at be but by for from had has have i im i'm in is it just me my not of "
    "on or so the then this to was were who with you your very really here"
)
_NOT_NAMES = frozenset(_STOP_WORDS.split())
_NAME_CUE = re.compile(
    r"(?i:\bmy name is|\bmy name's|\bmy names|\bi am called|\bi'm called|\bcall me"
    r"|\bname:|\bsigned,?|\bregards,?|\bsincerely,?)"
    r"\s+"
)
_TITLED = re.compile(
    r"\b(?P<title>(?:Dr|Mr|Mrs|Ms|Mx|Prof|Doctor|Professor|Nurse)\.?)\s"
    r"(?P<name>[A-Z][a-z'-]+(?:[- ][A-Z][a-z'-]+)?)\b"
)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s(?i:" + _MONTH + r")(?:,?\s\d{4})?"
    r"|(?i:" + _MONTH + r")\s\d{1,2}(?:st|nd|rd|th)?(?:,?\s\d{4})?"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
#: A date of birth, after a cue: "born on 4 May 1961", "DOB: 04/05/1961", "my birthday is".
_BIRTH = re.compile(
    r"(?i:\b(?:born(?:\s(?:on|in))?|date\sof\sbirth(?:\sis)?|d\.?o\.?b\.?"
    r"|birthday(?:\sis)?(?:\son)?))[:\s]\s*(" + _DATE + r")"
)


def _phone_like(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    groups = re.findall(r"\d+", match)
    if match.lstrip().startswith("+"):
        return 8 <= len(digits) <= 15
    if not 9 <= len(digits) <= 15 and not ("(" in match and len(digits) >= 7):
        return False
    if len(groups) > 1 and all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # years: "2019 2020 2021"
    return not (len(groups) > 1 and all(len(g) <= 2 for g in groups))  # "10 10 10 10 10"


def _name_end(text: str, start: int) -> int:
    """Where a name starting at `start` ends (`start` itself when there is none)."""
    match = _CAPITAL_RUN.match(text, start) or _LOWER_RUN.match(text, start)
    if match is None:
        return start
    end = start
    for word in match.group(0).split(" "):
        if word.lower().rstrip(".") in _NOT_NAMES:
            break
        end += len(word) + (1 if end > start else 0)
    return end


class _Scrubber:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def mark(self, kind: str) -> str:
        self.counts[kind] += 1
        return KINDS[kind][2]

    def sub(self, pattern: re.Pattern[str], kind: str, text: str) -> str:
        return pattern.sub(lambda m: self.mark(kind), text)

    def sub_if(
        self, pattern: re.Pattern[str], kind: str, text: str, keep: Callable[[str], bool]
    ) -> str:
        return pattern.sub(lambda m: self.mark(kind) if keep(m.group(0)) else m.group(0), text)

    def cued_addresses(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            before = match.group(0)[: match.start(1) - match.start(0)]
            return before + self.mark("address")

        return _ADDRESS_CUED.sub(replace, text)

    def births(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            return match.group(0)[: match.start(1) - match.start(0)] + self.mark("birth_date")

        return _BIRTH.sub(replace, text)

    def listed_names(self, text: str) -> str:
        out: list[str] = []
        pos = 0
        for start, end in find_names(text):
            out.append(text[pos:start])
            out.append(self.mark("name"))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def titled_names(self, text: str) -> str:
        return _TITLED.sub(lambda m: f"{m.group('title')} {self.mark('name')}", text)

    def cued_names(self, text: str) -> str:
        out: list[str] = []
        pos = 0
        for cue in _NAME_CUE.finditer(text):
            if cue.start() < pos:
                continue
            end = _name_end(text, cue.end())
            if end > cue.end():
                out.append(text[pos : cue.end()])
                out.append(self.mark("name"))
                pos = end
        out.append(text[pos:])
        return "".join(out)


def scrub(text: str) -> Scrubbed:
    """Replace what looks like personal details; say what was removed.

    >>> result = scrub("Email me at jane.doe@example.com or visit www.example.com/me")
    >>> result.text
    'Email me at [email removed] or visit [link removed]'
    >>> [r.label for r in result.removed]
    ['1 email address', '1 web link or handle']
    """
    s = _Scrubber()
    text = s.sub(_EMAIL, "email", text)
    text = s.sub(_LINK, "link", text)
    text = s.births(text)
    text = s.cued_addresses(text)
    text = s.sub(_ADDRESS, "address", text)
    text = s.sub(_PO_BOX, "address", text)
    text = s.sub(_POSTCODE, "address", text)
    text = s.sub_if(_PHONE, "phone", text, _phone_like)
    text = s.cued_names(text)
    text = s.titled_names(text)
    text = s.listed_names(text)
    removed = tuple(Removal(kind, s.counts[kind]) for kind in KINDS if s.counts[kind])
    return Scrubbed(text, removed)


def describe_removals(removed: tuple[Removal, ...] | list[Removal]) -> str:
    """The removals in a sentence fragment.

    >>> describe_removals([Removal("email", 1), Removal("phone", 2), Removal("name", 1)])
    '1 email address, 2 phone numbers and 1 name'
    >>> describe_removals([])
    'nothing'
    """
    labels = [r.label for r in removed]
    if not labels:
        return "nothing"
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]
