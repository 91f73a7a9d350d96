"""Length-preserving text clean-up and the token normaliser (plurals, determiners, typos).

Everything here keeps character offsets: a mention's span in the cleaned text is its span in
the text the person typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["SpellFixer", "TokenNormaliser", "clean_text", "normalise_word"]

_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
_INNER_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")

#: Words normalised to one form so that "between my / the / your shoulder blades" all match.
_DETERMINERS = frozenset({"the", "my", "a", "an", "your", "his", "her", "their", "our"})
_DETERMINER = "my"
#: Third-person pronouns matched as first-person ones, so that "when he rests" reads like
#: "when I rest" in a clinician's or a relative's account (cues about someone else are
#: matched on the words as written, see `lexicon`).
_PERSON = {"he": "i", "she": "i", "himself": "myself", "herself": "myself", "him": "me"}
#: Everyday words with one meaning here, matched as one ("tummy ache" is "stomach ache").
_SAME_AS = {
    "tummy": "stomach",
    "belly": "stomach",
    "tum": "stomach",
    "wee": "pee",
    "weeing": "peeing",
    "poo": "stool",
    "poop": "stool",
    "mom": "mum",
    "mam": "mum",
}


_TABLE = str.maketrans(_CHAR_MAP)


def clean_text(text: str) -> str:
    """Lower-case, straighten quotes and dashes, and split hyphenated words, keeping length.

    >>> clean_text("Pain between my Shoulder-Blades \u2013 don\u2019t know")
    "pain between my shoulder blades - don't know"
    """
    text = text.translate(_TABLE)
    low = text.lower()
    if len(low) != len(text):  # a few letters lower-case to two characters: keep those
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _INNER_HYPHEN.sub(" ", low)


def normalise_word(word: str) -> str:
    """The form used for matching: determiners, persons and lay words unified, an "s" dropped.

    >>> [normalise_word(w) for w in ["the", "blades", "numbness", "ribs", "nauseous", "tummy"]]
    ['my', 'blade', 'numbness', 'rib', 'nauseous', 'stomach']
    >>> [normalise_word(w) for w in ["he", "rests", "himself"]]
    ['i', 'rest', 'myself']
    """
    if word in _DETERMINERS:
        return _DETERMINER
    if word in _SAME_AS:
        return _SAME_AS[word]
    if word in _PERSON:
        return _PERSON[word]
    if (
        len(word) >= 4
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "'s"))
        and word.isalpha()
    ):
        return word[:-1]
    return word


_VOWELS = frozenset("aeiouy")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class SpellFixer:
    """Corrects one-letter typos of words the matcher knows ("sholder" -> "shoulder").

    Only words of five letters or more that are not known English words are corrected, and
    only by one dropped or extra letter, two swapped neighbours, or (in words of six letters
    or more) one vowel for another, and only when exactly one known word fits.

    >>> fix = SpellFixer(["shoulder", "nausea", "vomiting", "fever"], known=["never"])
    >>> [fix("sholder"), fix("nausia"), fix("vommiting"), fix("feverr"), fix("never")]
    ['shoulder', 'nausea', 'vomiting', 'fever', None]
    """

    def __init__(self, targets: Iterable[str], known: Iterable[str] = ()) -> None:
        self._targets = frozenset(w for w in targets if len(w) >= 5 and w.isalpha())
        self._known = frozenset(known) | self._targets
        self._index: dict[str, set[str]] = {}
        for word in self._targets:
            for key in _deletes(word):
                self._index.setdefault(key, set()).add(word)
        self._cache: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        """The known word this one is a typo of, or None."""
        if word in self._cache:
            return self._cache[word]
        result = self._lookup(word)
        if len(self._cache) < 50_000:
            self._cache[word] = result
        return result

    def _lookup(self, word: str) -> str | None:
        if len(word) < 5 or not word.isalpha() or word in self._known:
            return None
        found: set[str] = set()
        dels = _deletes(word)
        # an extra letter typed: deleting one gives a target
        found.update(d for d in dels if d in self._targets)
        # a letter missing: the word is a target with one letter deleted
        found.update(self._index.get(word, ()))
        # swapped neighbours or a changed vowel: same length, share a one-letter deletion
        for key in dels:
            for cand in self._index.get(key, ()):
                if len(cand) == len(word) and self._same_length_ok(word, cand):
                    found.add(cand)
        if len(found) > 1:
            found = {c for c in found if c[0] == word[0]}
        return next(iter(found)) if len(found) == 1 else None

    @staticmethod
    def _same_length_ok(word: str, cand: str) -> bool:
        diff = [i for i, (a, b) in enumerate(zip(word, cand, strict=True)) if a != b]
        if len(diff) == 2:
            i, j = diff
            return j == i + 1 and word[i] == cand[j] and word[j] == cand[i]
        if len(diff) == 1 and len(word) >= 6:
            i = diff[0]
            return word[i] in _VOWELS and cand[i] in _VOWELS
        return False


class TokenNormaliser:
    """A tokenizer wrapper that sets each token's NORM to its matching form.

    The wrapped tokenizer is used for the text and for every rule phrase alike, so that the
    phrase matchers (which compare NORM) see the same forms on both sides.
    """

    def __init__(self, tokenizer: Callable[[str], Any], fixer: SpellFixer | None = None) -> None:
        self.tokenizer = tokenizer
        self.fixer = fixer

    def __call__(self, text: str) -> Any:
        """Tokenise `text` and set the norms."""
        doc = self.tokenizer(text)
        fixer = self.fixer
        for token in doc:
            raw = token.norm_
            norm = normalise_word(raw)
            if fixer is not None and len(raw) >= 5:
                fixed = fixer(raw)
                if fixed is None and norm != raw:
                    fixed = fixer(norm)
                if fixed is not None:
                    norm = normalise_word(fixed)
            if norm != raw:
                token.norm_ = norm
        return doc
