"""What the text parser returns: mentions with their spans, and the person's details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backcheck.errors import InvalidInputError

__all__ = ["Mention", "ParseResult", "Sex", "State", "TextError"]

State = Literal["present", "absent"]
Sex = Literal["female", "male"]


class TextError(InvalidInputError):
    """Text that cannot be read: empty, binary, or not English; message is for the user."""

    default_code = "invalid_text"


@dataclass(frozen=True)
class Mention:
    """One finding read from the text, present or absent, with the characters it came from.

    `rule` says how it was found: `synonym` (a knowledge-base synonym or a finding's name),
    `family` (a relative's condition, for a family-history finding), `duration` or `severity`
    (read from numbers and time words), `temperature` (a reading such as "T 38.4"), `amount`
    (other set forms: "lost 4 kg", "black, tarry stools", "tender over T8"), `normal` (a
    statement that something is normal: "my legs are fine"), `reading` (a phrase that means
    one thing plainly and another negated: "able to work"), or `combo` / `pair` (a sensation
    near a body part, "numb fingers", "my back is stiff"). `uncertain` marks hedged mentions
    ("maybe a slight fever").
    """

    finding_id: str
    state: State
    start: int
    end: int
    text: str
    uncertain: bool = False
    rule: str = "synonym"


@dataclass(frozen=True)
class ParseResult:
    """Everything read from one description: mentions in text order, age, sex and pregnancy."""

    mentions: tuple[Mention, ...]
    age: int | None
    sex: Sex | None
    pregnant: bool | None
    warnings: tuple[str, ...]
    truncated: bool

    def evidence(self) -> dict[str, State]:
        """One state per finding: present if any mention says present, else absent.

        A finding mentioned both ways ("no chest pain ... chest pain when I breathe") counts
        as present: missing a symptom is worse than asking about it again.

        >>> no = Mention("fever", "absent", 0, 8, "no fever")
        >>> yes = Mention("fever", "present", 9, 14, "fever")
        >>> ParseResult((no, yes), None, None, None, (), False).evidence()
        {'fever': 'present'}
        """
        out: dict[str, State] = {}
        for mention in self.mentions:
            if out.get(mention.finding_id) != "present":
                out[mention.finding_id] = mention.state
        return out
