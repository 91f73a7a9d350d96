"""Finding people's names in a story: a shipped list of given names and surnames, and cues.

The list is the given names and surnames that Faker (a maintained package) ships for the
languages written in the Latin alphabet, about 30,000 of them, less common English words. A
word is taken for a name when:

- it is capitalised and on the list, and not a common English word ("Will", "May", "Grace");
- it follows a cue ("my husband", "I am", "talking to", "Dr", an initial "Z.") and is
  capitalised (and not a stop word), or on the list;
- it is a lower-case word right after "my husband", "our physio"... that is no English word we
  know ("my wife ann");
- it is capitalised, not a common word, and next to another name ("Zebulon Quagmire").

A name after "St" ("St Mary's") is a place and kept; a possessive keeps its "'s".

>>> text = "I am Zebulon Quagmire. My husband Bartholomew's advice: rest."
>>> [text[a:b] for a, b in find_names(text)]
['Zebulon Quagmire', 'Bartholomew']
>>> find_names("Rest and heat helped. Will it come back? Grace under pressure.")
[]
"""

from __future__ import annotations

import functools
import importlib
import re
import warnings

__all__ = ["find_names", "is_known_name"]


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Faker's locales written in the Latin alphabet (their person providers).
_LOCALES = _split(
    "cs_CZ da_DK de_AT de_CH de_DE en en_GB en_IE en_IN en_NZ en_US es es_ES es_MX fi_FI "
    "fr_CA fr_FR ga_IE hr_HR hu_HU id_ID it_IT lt_LT lv_LV nl_BE nl_NL no_NO pl_PL pt_BR "
    "pt_PT ro_RO sk_SK sl_SI sv_SE tr_TR"
)
_NAME_LISTS = ("first_names", "first_names_male", "first_names_female", "last_names")

#: People a story may name ("my husband Bart", "talking to Zeb helped").
_PEOPLE = _split(
    "husband wife partner boyfriend girlfriend fiance fiancee son daughter child kid "
    "friend mum mom mother dad father brother sister grandson granddaughter grandma "
    "grandpa grandmother grandfather aunt uncle cousin niece nephew neighbour neighbor "
    "colleague boss manager coach trainer teacher physio physiotherapist chiropractor "
    "osteopath doctor gp nurse therapist surgeon consultant specialist masseuse masseur "
    "dentist pharmacist midwife carer caregiver"
)
_VERBS = (
    "i am|i'm|im|this is|called|named|named as|talking to|talked to|spoke to|speaking to|"
    "speaking with|spoke with|talking with|thanks to|thank you|thank|ask|asked|told|saw|see|"
    "seeing|met|visited|with|dear|hi|hello|love|regards|cheers|signed|sincerely"
)
_CUE = re.compile(
    r"(?:\b(?:my|our|a|the)\s+(?:[a-z]+\s+)?(?:" + "|".join(_PEOPLE) + r")s?,?"
    r"|\b(?:" + _VERBS + r"),?"
    r"|\b(?:dr|mr|mrs|ms|mx|miss|prof|doctor|professor|nurse|sister)\.?)\s+$",
    re.IGNORECASE,
)
#: Words of the cues themselves: never part of a name.
_CUE_WORDS = frozenset(
    _PEOPLE
    + tuple(re.split(r"[| ']+", _VERBS))
    + _split("dr mr mrs ms mx miss prof doctor professor nurse sister my our")
    + _split("i'm i've i'd i'll it's he's she's that's there's what's let's")
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: "my husband", "our physio": a lower-case word right after one is a name unless it is a word.
_PERSON_CUE = re.compile(
    r"\b(?:my|our)\s+(?:[a-z]+\s+)?(?:" + "|".join(_PEOPLE) + r"),?\s+$", re.IGNORECASE
)
#: Verbs that often follow "my husband" and that no word list of ours holds.
_VERBS_AFTER = frozenset(
    _split(
        "said says told tells drove drives took takes made makes gave gives kept keeps got "
        "gets went goes came comes thought thinks brought brings found finds felt feels "
        "knew knows put puts ran runs saw sees sent sends set sets sat sits stood stands "
        "taught teaches understood understands wrote writes bought buys caught catches "
        "held holds left leaves let lets lent lends paid pays read reads rang rings spoke "
        "speaks suggested insisted helped helps noticed noticed massaged rubbed worried "
        "worries is was has had does did can could would should will might must also "
        "always never often just and who too"
    )
)
_INITIAL = re.compile(r"\b[A-Z]\.\s?$")


@functools.cache
def _known() -> frozenset[str]:
    names: set[str] = set()
    for locale in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in _NAME_LISTS:
            for name in getattr(provider, attribute, ()):
                names.update(w.lower() for w in _WORD.findall(str(name)) if len(w) > 1)
    return frozenset(names - _common())


@functools.cache
def _common() -> frozenset[str]:
    """Common English words (spaCy's stop words, Faker's English words, the parser's)."""
    from faker.providers.lorem.en_US import Provider as Lorem

    from backcheck.language.phrases import COMMON_WORDS

    stop_words = _stop_words()

    extra = _split(
        "back pain rest heat ice walk walking run running swim swimming stretch stretching "
        "yoga pilates massage sleep work desk chair bed car gym doctor nurse physio neck "
        "shoulder chest rib ribs spine hip arm leg blade blades sharp dull ache aching "
        "burning stiff stiffness better worse good bad long short young old best hope "
        "faith grace joy may june april august summer winter autumn spring christmas "
        "easter monday tuesday wednesday thursday friday saturday sunday january february "
        "march july september october november december god lord sir madam dear love will "
        "bill mark rose lily ivy holly daisy dawn eve sky storm river brook wood woods "
        "hill hills field fields stone king page hunter cook baker mason porter carter "
        "miller smith taylor weaver english french german british american irish scottish "
        "welsh park ward room route bay hall house street road lane church court mount st "
        "saint"
    )
    # Trade names, places and the like are kept unless a cue or another name says otherwise;
    # these words are too common in stories to be taken for names on the list alone.
    surnames = set(_split("smith taylor miller baker carter cook king hunter mason"))
    words = {w.lower() for w in stop_words} | set(Lorem.word_list) | COMMON_WORDS
    return frozenset(words | (set(extra) - surnames))


def is_known_name(word: str) -> bool:
    """Whether a word is a given name or surname on the list (and not a common word).

    >>> is_known_name("Bartholomew"), is_known_name("rest")
    (True, False)
    """
    return word.lower() in _known()


@functools.cache
def _stop_words() -> frozenset[str]:
    """SpaCy's English stop words (importing spaCy quietly: its CLI warns under click 8.2+)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"Importing 'parser\.split_arg_string'", category=DeprecationWarning
        )
        from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


@functools.cache
def _stop() -> frozenset[str]:
    return _stop_words() | _CUE_WORDS


def _plain(word: str) -> str:
    return re.sub(r"['’]s$", "", word).lower()


def _candidate(text: str, match: re.Match[str]) -> tuple[bool, bool]:
    """(capitalised word that may be a name, word on the list)."""
    word = match.group(0)
    plain = _plain(word)
    shouted = word.isupper() and plain not in _known()  # PMH, HTN, UNION SELECT
    capital = word[0].isupper() and plain not in _CUE_WORDS and not shouted
    return capital and plain not in _common(), plain in _known()


def _lower_after_person(text: str, match: re.Match[str]) -> bool:
    """A lower-case word after "my husband" that is no word we know: a name ("my wife ann")."""
    plain = _plain(match.group(0))
    return (
        match.group(0).islower()
        and len(plain) > 2
        and plain not in _common()
        and plain not in _VERBS_AFTER
        and not plain.endswith(("ed", "ing", "ly"))
        and bool(_PERSON_CUE.search(text[max(0, match.start() - 40) : match.start()]))
    )


def find_names(text: str) -> list[tuple[int, int]]:
    """The character spans of what looks like people's names, merged where adjacent."""
    words = list(_WORD.finditer(text))
    marked = [False] * len(words)
    for i, match in enumerate(words):
        capital, known = _candidate(text, match)
        before = text[max(0, match.start() - 40) : match.start()]
        cued = bool(_CUE.search(before) or _INITIAL.search(before))
        titled = match.group(0)[0].isupper() and _plain(match.group(0)) not in _stop()
        saint = re.search(r"\b(?:St|Saint)\.?\s$", before)
        if saint:
            continue  # St Mary's: a hospital or a church, not a person
        lower_ok = known and _plain(match.group(0)) not in _VERBS_AFTER
        if (
            (capital and known)
            or (cued and (titled or lower_ok))
            or _lower_after_person(text, match)
        ):
            marked[i] = True
        elif capital and i + 1 < len(words) and text[match.end() : words[i + 1].start()] == " ":
            # Two capitalised words that are not common words: "Ulmsel Seldriald told me".
            marked[i] = _candidate(text, words[i + 1])[0]
    # A capitalised word that is not a common word, next to a name, is part of it.
    changed = True
    while changed:
        changed = False
        for i, match in enumerate(words):
            if marked[i]:
                continue
            capital, _ = _candidate(text, match)
            if not capital:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(words) and marked[j]:
                    a, b = sorted((words[i], words[j]), key=lambda m: m.start())
                    if re.fullmatch(r"[ ,]{1,2}|\s", text[a.end() : b.start()]):
                        marked[i] = changed = True
                        break
    spans: list[tuple[int, int]] = []
    for i, match in enumerate(words):
        if not marked[i]:
            continue
        start, end = match.start(), match.end()
        if re.search(r"['’]s$", match.group(0)):
            end -= 2  # keep the possessive: "[name removed]'s advice"
        initial = _INITIAL.search(text, 0, start)
        if initial and initial.end() == start:
            start = initial.start()
        if spans and (start <= spans[-1][1] or re.fullmatch(r"\s", text[spans[-1][1] : start])):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
