"""The interview: one state machine that every interface drives.

The web app, the API, the terminal and the simulated patients all use it. It is pure: no
storage, no I/O, and one engine step per operation.
"""

from backcheck.interview.machine import ADULT_AGE, Interview, progress_after
from backcheck.interview.state import (
    SCREENS,
    Answered,
    AnswerValue,
    InterviewState,
    Screen,
    ScreenKind,
    Turn,
)

__all__ = [
    "ADULT_AGE",
    "SCREENS",
    "AnswerValue",
    "Answered",
    "Interview",
    "InterviewState",
    "Screen",
    "ScreenKind",
    "Turn",
    "progress_after",
]
