"""Fuzzing the parser: any text gives a result whose spans point into it, or a TextError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcheck.language import ParseResult, TextError, TextParser

VOCABULARY = (
    "pain back chest no not never fever sharp between shoulder blades for 3 days weeks "
    "breathing numb legs weak I'm 56 male female pregnant my mother had cancer 8/10 since "
    "yesterday worse better when lying down cough T4 C7 tingling bowel bladder , . ; ! ? - ( )"
)
WORDS = tuple(VOCABULARY.split(" "))

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=12)), max_size=60).map(
        " ".join
    ),
)


def read(parser: TextParser, text: str) -> ParseResult | str:
    """The result, or the reason the text was refused."""
    try:
        return parser.parse(text)
    except TextError as refused:
        return str(refused)


@given(text=texts)
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_any_text_is_read_or_refused_with_a_reason(parser: TextParser, text: str) -> None:
    result = read(parser, text)
    if isinstance(result, str):
        assert result.strip()
        return
    for mention in result.mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
    assert result.age is None or 0 <= result.age <= 120
    assert result.sex in (None, "female", "male")
