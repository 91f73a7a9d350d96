"""Free text to evidence: a medspacy pipeline built from the knowledge base's synonyms.

`TextParser(kb).parse(text)` returns a `ParseResult`: the findings mentioned (present or
absent, with their character spans), and the writer's age, sex and pregnancy. Text that
cannot be read raises `TextError`, whose message is meant for the person who typed it.
"""

from backcheck.language.parser import TextParser
from backcheck.language.types import Mention, ParseResult, TextError

__all__ = ["Mention", "ParseResult", "TextError", "TextParser"]
