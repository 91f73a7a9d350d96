"""The pain chart of a diary: the geometry of an SVG line chart, worked out on the server.

The page draws it with plain SVG elements (no script); the same entries are listed in a table
underneath for anyone who cannot see the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from backcheck.service.diaries import DiaryEntry

__all__ = ["Chart", "ChartPoint", "pain_chart", "short_day"]

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 28, 16, 40
#: At most this many dates under the chart, so that they never overlap.
MAX_TICKS = 6
MIN_DAYS = 7


def short_day(day: date) -> str:
    """A day as a short label.

    >>> short_day(date(2026, 12, 1))
    'Tue 1 Dec'
    """
    return f"{day:%a} {day.day} {day:%b}"


@dataclass(frozen=True)
class ChartPoint:
    """One recorded day on the chart."""

    x: float
    y: float
    pain: int
    label: str
    night: bool
    warning: bool


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw the chart."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[ChartPoint, ...]
    line: str
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    summary: str


def _summary(entries: Sequence[DiaryEntry]) -> str:
    if not entries:
        return "No entries yet."
    first, last = entries[0], entries[-1]
    if len(entries) == 1:
        return f"One entry, on {short_day(first.day)}: pain {first.pain} out of 10."
    return (
        f"{len(entries)} entries from {short_day(first.day)} to {short_day(last.day)}. Pain went "
        f"from {first.pain} to {last.pain} out of 10; highest {max(e.pain for e in entries)}, "
        f"lowest {min(e.pain for e in entries)}."
    )


def pain_chart(entries: Sequence[DiaryEntry], started_on: date) -> Chart:
    """The chart of pain (0-10) by day since the diary started (at least a week wide).

    >>> from backcheck.service.diaries import DiaryEntry
    >>> day = lambda n, pain: DiaryEntry(date(2026, 12, 1 + n), n, pain, False, (), (), ())
    >>> chart = pain_chart([day(0, 6), day(2, 4)], date(2026, 12, 1))
    >>> chart.line
    'M44.0,97.6 L233.3,138.4'
    >>> [label for _, label in chart.x_ticks]
    ['1 Dec', '3 Dec', '5 Dec', '7 Dec']
    >>> chart.summary
    '2 entries from Tue 1 Dec to Thu 3 Dec. Pain went from 6 to 4 out of 10; highest 6, lowest 4.'
    """
    span = max(MIN_DAYS - 1, *(e.day_number for e in entries)) if entries else MIN_DAYS - 1
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM

    def x(day: int) -> float:
        return round(LEFT + inner_w * day / span, 1)

    def y(pain: int) -> float:
        return round(TOP + inner_h * (10 - pain) / 10, 1)

    points = tuple(
        ChartPoint(
            x(e.day_number),
            y(e.pain),
            e.pain,
            f"{short_day(e.day)}: pain {e.pain} out of 10",
            e.sleep_broken,
            bool(e.warning_signs),
        )
        for e in entries
    )
    line = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    step = -(-span // (MAX_TICKS - 1))  # ceiling division
    x_ticks = tuple(
        (x(n), f"{(started_on + timedelta(days=n)).day} {started_on + timedelta(days=n):%b}")
        for n in range(0, span + 1, step)
    )
    y_ticks = tuple((y(n), str(n)) for n in range(0, 11, 2))
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM, points, line,
                 x_ticks, y_ticks, _summary(entries))  # fmt: skip
