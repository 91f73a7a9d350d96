"""Synthetic stories with planted personal details, to measure the story scrubber.

Each story has two fields (the story and "what helped"), made of ordinary sentences about back
pain with personal details planted in both: names written in many ways (full, given name only,
lower case, capitals, an initial, a title, a possessive, after "I am", "my husband", "talking
to", sign-offs), emails, phone numbers, street addresses and dates of birth. Half the names
are real given names and surnames (Faker's lists), half are made up from syllables, so that no
list can know them. `score` compares what was removed with what was planted, word by word.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Planted", "Score", "SyntheticStory", "score", "synthetic_stories"]

_FILLER = (
    "The pain started between my shoulder blades after moving house.",
    "It was a dull ache that got worse when I sat at my desk for long.",
    "Heat packs and gentle stretching helped over three weeks.",
    "I could not sleep on my left side for a while.",
    "Breathing in deeply made it sharper at first.",
    "Ibuprofen took the edge off and walking every day helped.",
    "By the end of the month I was back at work.",
    "The physiotherapy exercises were boring but they worked.",
    "It flared up again after a long drive but settled quickly.",
    "Pain was 7/10 at its worst and 2/10 after a fortnight.",
    "I was worried it was my heart, but the ECG was normal.",
    "Yoga and a better chair made the biggest difference.",
)
_RELATIONS = ("husband", "wife", "partner", "friend", "sister", "brother", "physio", "son",
              "daughter", "neighbour", "colleague", "mum")  # fmt: skip
_SYLLABLES = ("za", "bu", "lon", "qua", "mire", "tor", "vel", "xan", "dri", "ph", "ke", "ro",
              "wyn", "ost", "ald", "ith", "gra", "mo", "sel", "bex", "tor", "ulm")  # fmt: skip
_STREETS = ("Road", "Street", "Avenue", "Lane", "Close", "Drive")
_MONTHS = ("January", "March", "May", "July", "September", "November")


@dataclass(frozen=True)
class Planted:
    """One planted detail: its kind and its exact text."""

    kind: str
    text: str


@dataclass(frozen=True)
class SyntheticStory:
    """A story's two fields and what was planted in them."""

    text: str
    helped: str
    planted: tuple[Planted, ...]


@dataclass(frozen=True)
class Score:
    """Recall by kind (planted details removed whole) and word precision of the removals."""

    planted: Counter[str]
    found: Counter[str]
    removed_words: int
    wrongly_removed: int

    @property
    def recall(self) -> float:
        """Share of planted details removed whole."""
        return sum(self.found.values()) / max(1, sum(self.planted.values()))

    @property
    def precision(self) -> float:
        """Share of removed words that were planted details."""
        return 1 - self.wrongly_removed / max(1, self.removed_words)


def _invented(rnd: random.Random) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()


def _person(rnd: random.Random, real: list[str], surnames: list[str]) -> tuple[str, str]:
    if rnd.random() < 0.5:
        return rnd.choice(real), rnd.choice(surnames)
    return _invented(rnd), _invented(rnd)


def _name_sentence(rnd: random.Random, first: str, last: str) -> tuple[str, str]:
    """A sentence naming someone, and the name exactly as written in it."""
    relation = rnd.choice(_RELATIONS)
    forms = [
        (f"I am {first} {last} and I am 52.", f"{first} {last}"),
        (f"My {relation} {first} drove me to the clinic.", first),
        (f"Talking to {first} about it helped.", first),
        (f"I saw Dr {last} twice.", last),
        (f"Mrs {last} at the pharmacy was kind.", last),
        (f"my {relation} {first.lower()} made me rest.", first.lower()),
        (f"Signed, {first.upper()} {last.upper()}.", f"{first.upper()} {last.upper()}"),
        (f"Thanks to {first[0]}. {last} for the advice.", f"{first[0]}. {last}"),
        (f"My {relation} {first}'s advice was to rest.", first),
        (f"My name is {first} {last}.", f"{first} {last}"),
        (f"{first} {last} told me to keep moving.", f"{first} {last}"),
        (f"I went with {first} to the hospital.", first),
    ]
    return rnd.choice(forms)


def _other_sentence(rnd: random.Random, first: str, last: str) -> tuple[str, Planted]:
    kind = rnd.choice(("email", "phone", "address", "birth_date"))
    if kind == "email":
        value = f"{first.lower()}.{last.lower()}{rnd.randint(1, 99)}@example.com"
        return f"Email me at {value} if you want to talk.", Planted("email", value)
    if kind == "phone":
        value = rnd.choice((
            f"07700 {rnd.randint(100000, 999999)}",
            f"+44 20 7946 {rnd.randint(1000, 9999)}",
            f"(415) 555-{rnd.randint(1000, 9999)}",
            f"+1 212 555 {rnd.randint(1000, 9999)}",
        ))  # fmt: skip
        return f"You can call me on {value} any evening.", Planted("phone", value)
    if kind == "address":
        value = f"{rnd.randint(2, 250)} {_invented(rnd)} {rnd.choice(_STREETS)}"
        return f"I live at {value}, near the park.", Planted("address", value)
    day, month, year = rnd.randint(1, 28), rnd.choice(_MONTHS), rnd.randint(1940, 2000)
    value = rnd.choice((f"{day} {month} {year}", f"{day:02d}/{rnd.randint(1, 12):02d}/{year}"))
    return f"I was born on {value}, so I am not young.", Planted("birth_date", value)


def synthetic_stories(n: int = 200, seed: int = 0) -> list[SyntheticStory]:
    """`n` stories, each with two or three details planted in each field."""
    from faker.providers.person.en_US import Provider as People

    real = sorted({str(name) for name in People.first_names})
    surnames = sorted({str(name) for name in People.last_names})
    rnd = random.Random(seed)
    stories = []
    for _ in range(n):
        fields: list[str] = []
        planted: list[Planted] = []
        for _field in range(2):
            sentences = rnd.sample(_FILLER, 3)
            first, last = _person(rnd, real, surnames)
            sentence, name = _name_sentence(rnd, first, last)
            sentences.insert(rnd.randint(0, 3), sentence)
            planted.append(Planted("name", name))
            if rnd.random() < 0.6:
                other, detail = _other_sentence(rnd, first, last)
                sentences.insert(rnd.randint(0, 4), other)
                planted.append(detail)
            fields.append(" ".join(sentences))
        stories.append(SyntheticStory(fields[0], fields[1], tuple(planted)))
    return stories


_WORDS = re.compile(r"[\w.@+()/-]+")


def _words(text: str) -> Counter[str]:
    return Counter(w.strip(".,()").lower() for w in _WORDS.findall(text) if w.strip(".,()"))


def _gone(detail: Planted, cleaned: str) -> bool:
    """Whether a detail is gone: a name word by word, anything else whole."""
    if detail.kind != "name":
        return detail.text not in cleaned
    words = [w for w in re.split(r"[\s.]+", detail.text) if len(w) > 1]
    return not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", cleaned) for w in words)


def score(scrub: Callable[[str], str], stories: list[SyntheticStory]) -> Score:
    """Scrub both fields of every story; compare what went with what was planted."""
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    removed_words = wrongly = 0
    for story in stories:
        original = f"{story.text}\n{story.helped}"
        cleaned = f"{scrub(story.text)}\n{scrub(story.helped)}"
        for detail in story.planted:
            planted[detail.kind] += 1
            found[detail.kind] += _gone(detail, cleaned)
        removed = _words(original) - _words(cleaned)
        expected = Counter[str]()
        for detail in story.planted:
            expected += _words(detail.text)
        removed_words += sum(removed.values())
        wrongly += sum((removed - expected).values())
    return Score(planted, found, removed_words, wrongly)
