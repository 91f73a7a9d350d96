"""The parser's memory stays bounded however many new words it reads."""

from __future__ import annotations

import random
import string

from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser


def unseen_words(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choices(string.ascii_lowercase, k=rnd.randint(6, 10))) for _ in range(n)]


def test_new_words_do_not_pile_up(kb: KnowledgeBase) -> None:
    parser = TextParser(kb, max_new_words=200)
    text = "Sharp pain between my shoulder blades for 3 days, no fever."
    before = parser.parse(text)
    held = parser.words_held()
    for seed in range(20):  # 20 x 40 = 800 words it has never seen: four times the cap
        words = unseen_words(seed, 40)
        parser.parse(" ".join(f"My back hurts and the {w} is sore." for w in words))
    assert parser.words_held() <= held + 200 + 40 * 10
    assert parser.parse(text) == before
