"""Refuse text that cannot be read (empty, binary, not English) and cap text that is too long."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from backcheck.language.types import TextError

__all__ = ["check_text", "truncate"]

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_MIN_WORDS = 3
_MIN_KNOWN_SHARE = 0.2
_MAX_FOREIGN_SHARE = 0.3
_MAX_BAD_CHAR_SHARE = 0.1


def truncate(text: str, max_chars: int) -> tuple[str, bool]:
    """Cut text to at most `max_chars` characters at a word boundary.

    >>> truncate("pain between the shoulder blades", 20)
    ('pain between the', True)
    >>> truncate("short", 20)
    ('short', False)
    """
    if len(text) <= max_chars:
        return text, False
    cut = text[:max_chars]
    if not text[max_chars].isspace():
        space = max(cut.rfind(" "), cut.rfind("\n"), cut.rfind("\t"))
        if space > max_chars // 2:
            cut = cut[:space]
    return cut.rstrip(), True


def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def check_text(text: str, known_words: Collection[str]) -> None:
    """Raise `TextError` if `text` is empty, binary, or clearly not English.

    `known_words` are lower-case English words (stop words and the matcher's vocabulary);
    short descriptions are never refused for using words it does not know.

    >>> check_text("back pain 3 days", {"back", "pain", "days"})
    >>> check_text("   ", set())
    Traceback (most recent call last):
    ...
    backcheck.language.types.TextError: Please describe your symptoms: the text is empty.
    """
    if not text.strip():
        raise TextError("Please describe your symptoms: the text is empty.")
    if "\x00" in text:
        raise TextError(
            "This looks like a file or binary data, not a description. "
            "Please type your symptoms in words."
        )
    sample = text[:20_000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or not (ch.isprintable() or ch in "\n\r\t"))
    if bad / len(sample) > _MAX_BAD_CHAR_SHARE:
        raise TextError(
            "This looks like a file or binary data, not a description. "
            "Please type your symptoms in words."
        )
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        raise TextError(
            "Please describe your symptoms in words, for example "
            '"sharp pain between my shoulder blades for 3 days".'
        )
    foreign = sum(1 for ch in letters if not _is_latin(ch))
    not_english = (
        "backcheck can only read descriptions in English for now. "
        "Please describe your symptoms in English, or answer the questions instead."
    )
    if foreign / len(letters) > _MAX_FOREIGN_SHARE:
        raise TextError(not_english)
    words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(sample)]
    words = [w for w in words if len(w) > 1 or w in ("i", "a")]
    if len(words) < _MIN_WORDS:
        return
    known = sum(1 for w in words if w in known_words or w.split("'")[0] in known_words)
    if known == 0 or (len(words) >= 4 and known / len(words) < _MIN_KNOWN_SHARE):
        raise TextError(not_english)
