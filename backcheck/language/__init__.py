"""Free text to evidence: a medspacy pipeline built from the knowledge base's synonyms.

>>> from backcheck.knowledge import load_kb
>>> parser = TextParser(load_kb())
>>> [(m.finding_id, m.state) for m in parser.parse("no fever, just an ache between my shoulder blades").mentions]
[('fever', 'absent'), ('feel_aching', 'present'), ('loc_between_shoulder_blades', 'present')]
"""

from backcheck.language.parser import TextParser
from backcheck.language.types import Mention, ParseResult, TextError

__all__ = ["Mention", "ParseResult", "TextError", "TextParser"]
