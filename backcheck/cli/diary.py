"""`backcheck diary ...`: the pain diary in a terminal (start, add a day, show, delete, options).

The diary's key is asked for without echoing it (or read from BACKCHECK_DIARY_KEY), so that it
does not end up in the shell's history. `add` asks for anything not given as an option.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from backcheck.cli.render import WIDTH, render_emergency, wrap
from backcheck.config import Config, ConfigError
from backcheck.errors import BackcheckError
from backcheck.service import build_services
from backcheck.service.diary_types import MAX_PAIN, DiaryEntry, DiaryView, EntryDraft, Option

if TYPE_CHECKING:  # the use cases (and the storage layer) are imported when a command runs
    from backcheck.service.diaries import DiaryService

__all__ = ["app", "render_diary", "text_chart"]

app = typer.Typer(
    help="A pain diary: one entry a day, and advice on when to see a doctor.",
    no_args_is_help=True,
)
Key = Annotated[
    str,
    typer.Option(
        envvar="BACKCHECK_DIARY_KEY",
        prompt="Diary key",
        hide_input=True,
        help="The diary's secret key (asked for if not given; or BACKCHECK_DIARY_KEY).",
    ),
]
CHART_WIDTH = 56


@contextmanager
def _diaries() -> Iterator[DiaryService]:
    """The diary use cases on the configured database; errors become a message and exit 2."""
    try:
        services = build_services(Config.from_env())
    except (ConfigError, BackcheckError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        from backcheck.service.diaries import DiaryService

        yield DiaryService(services)
    except BackcheckError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    finally:
        services.db.dispose()


def _mark(entry: DiaryEntry) -> str:
    return "!" if entry.warning_signs else "@" if entry.sleep_broken else "*"


def text_chart(entries: Sequence[DiaryEntry]) -> str:
    """Pain (0-10) by day as a text chart: `*` a day, `@` a night broken by pain, `!` a sign.

    >>> from backcheck.service.diaries import DiaryEntry
    >>> day = lambda n, pain, night=False: DiaryEntry(date(2026, 12, 1 + n), n, pain, night,
    ...                                                (), (), ())
    >>> print(text_chart([day(0, 2), day(2, 1, True)]))
     2 | *
     1 |             @
     0 |
       +--------------
         day 0       day 2
    """
    if not entries:
        return "(no entries yet)"
    span = max(e.day_number for e in entries)
    scale = max(1, min(6, CHART_WIDTH // max(span, 1)))
    top = max(e.pain for e in entries)
    marks = {e.day_number * scale: (e.pain, _mark(e)) for e in entries}
    lines = []
    for level in range(top, -1, -1):
        row = "".join(marks[x][1] if marks.get(x, (-1,))[0] == level else " "
                      for x in range(span * scale + 1))  # fmt: skip
        lines.append(f"{level:>2} | {row}".rstrip())
    lines.append("   +" + "-" * (span * scale + 2))
    last = f"day {span}" if span else ""
    lines.append(f"     {'day 0':<{max(6, span * scale)}}{last}".rstrip())
    return "\n".join(lines)


def _words(options: Sequence[Option]) -> str:
    return "; ".join(o.label for o in options) or "-"


def render_diary(view: DiaryView, local: str = "911") -> str:
    """The advice first, then the chart and every entry."""
    bar = "=" * WIDTH
    first = view.advice.items[0]
    out = [bar, f"{view.label.upper()}: {view.headline}"]
    out += [wrap(text) for text in (first.detail, first.advice) if text]
    if view.advice.level != "self_care":
        out.append(wrap(view.what_to_do))
    for item in view.advice.items[1:]:
        out.append(wrap(f"Also: {item.title} {item.detail}", "  - "))
    out.append(bar)
    if view.check_was_more_urgent:
        out.append(wrap(f"Your check advised: {view.check_label}. The diary does not change that."))
    out += ["", f"Pain by day since {view.started_on:%Y-%m-%d} (0 none, 10 worst):", ""]
    out.append(text_chart(view.entries))
    out += ["", "  * a day   @ pain broke that night's sleep   ! a warning sign", ""]
    for e in view.entries:
        night = "sleep broken" if e.sleep_broken else "slept"
        out.append(f"{e.day:%a %Y-%m-%d} (day {e.day_number}): pain {e.pain}, {night}")
        out.append(wrap(f"where: {_words(e.locations)}; helped: {_words(e.helped)}", "    "))
        if e.warning_signs:
            out.append(wrap(f"WARNING SIGNS: {_words(e.warning_signs)}", "    "))
    out += ["", wrap(f"Entries are deleted {view.ttl_days} days after they are recorded.")]
    out += ["", render_emergency(view.emergency_signs, local), "", wrap("Note: " + view.disclaimer)]
    return "\n".join(out)


def _pain() -> int:
    """Ask for today's pain until it is a whole number from 0 to 10."""
    while True:
        text = typer.prompt("Pain today, from 0 (none) to 10 (worst imaginable)").strip()
        if text.isdigit() and int(text) <= MAX_PAIN:
            return int(text)
        typer.echo("Please type a whole number from 0 to 10.")


def _choose(title: str, options: Sequence[Option]) -> list[str]:
    """Ask for numbers from a list (Enter for none), until the answer is usable."""
    typer.echo(title)
    for n, option in enumerate(options, start=1):
        typer.echo(f"  {n}. {option.label}")
    while True:
        text = typer.prompt("Numbers, separated by spaces (Enter for none)", default="",
                            show_default=False)  # fmt: skip
        parts = text.replace(",", " ").split()
        if all(p.isdigit() and 1 <= int(p) <= len(options) for p in parts):
            return [options[int(p) - 1].id for p in parts]
        typer.echo(f"Please type numbers from 1 to {len(options)}, or press Enter.")


@app.command("start")
def start(
    interview: Annotated[
        str | None, typer.Option(help="A finished check's interview id (from the web or API).")
    ] = None,
    duration: Annotated[
        str | None,
        typer.Option(help="How long the pain has lasted, e.g. duration_1_to_4_weeks."),
    ] = None,
) -> None:
    """Start a diary and print its secret key (keep it: it cannot be recovered)."""
    with _diaries() as diaries:
        view = diaries.start(interview, duration)
    typer.echo(f"Diary started. Its key: {view.key}")
    where = f"/diary/{view.key}"
    typer.echo(wrap("Keep the key safe: it is the only way back to your diary, in the terminal "
                    f"or on the web at {where}. Anyone with it can read the diary."))  # fmt: skip


@app.command("add")
def add(
    key: Key,
    pain: Annotated[
        int | None, typer.Option(min=0, max=MAX_PAIN, help="Pain today, 0 to 10.")
    ] = None,
    sleep: Annotated[
        bool | None, typer.Option("--sleep-broken/--slept", help="Did pain break your sleep?")
    ] = None,
    where: Annotated[list[str] | None, typer.Option(help="Where it hurts (an id; repeat).")] = None,
    helped: Annotated[list[str] | None, typer.Option(help="What helped (an id; repeat).")] = None,
    warning: Annotated[
        list[str] | None, typer.Option(help="A new warning sign (an id; repeat).")
    ] = None,
    day: Annotated[
        str | None, typer.Option(help="The day, YYYY-MM-DD (default today; up to 6 days back).")
    ] = None,
) -> None:
    """Record a day; anything not given as an option is asked for."""
    try:
        when = date.fromisoformat(day) if day else None
    except ValueError:
        typer.echo("error: --day must look like 2026-12-01", err=True)
        raise typer.Exit(2) from None
    with _diaries() as diaries:
        view = diaries.get(key)  # a wrong key or day fails before any question
        if when is not None and when not in view.open_days:
            days = ", ".join(f"{d:%Y-%m-%d}" for d in reversed(view.open_days))
            typer.echo(f"error: an entry can be for one of these days: {days}", err=True)
            raise typer.Exit(2)
        options = diaries.options()
        interactive = pain is None
        if pain is None:
            pain = _pain()
        if sleep is None:
            sleep = typer.confirm("Did pain wake you or keep you awake last night?")
        if warning is None and interactive:
            warning = _choose("Since your last entry, has any of these started?",
                              options.warning_signs)  # fmt: skip
        urgent = bool(warning)  # a warning sign: save at once, ask nothing more
        if where is None and interactive and not urgent:
            where = _choose("Where does it hurt today?", options.locations)
        if helped is None and interactive and not urgent:
            helped = _choose("What helped today?", options.helped)
        saved = diaries.add_entry(
            key, EntryDraft(pain, sleep, where or (), helped or (), warning or (), when)
        )
        local = diaries.services.config.emergency_number
    if saved.emergency:
        typer.echo("!" * WIDTH)
        typer.echo(wrap(f"{saved.diary.label.upper()}: {saved.diary.advice.items[0].detail}"))
        typer.echo(wrap(saved.diary.what_to_do))
        typer.echo(render_emergency(saved.diary.emergency_signs, local))
        typer.echo("!" * WIDTH)
    typer.echo(f"Saved the entry for {saved.day:%A %Y-%m-%d}"
               f"{' (it replaced the earlier one)' if saved.replaced else ''}.")  # fmt: skip
    typer.echo(render_diary(saved.diary, local))


@app.command("show")
def show(key: Key) -> None:
    """The advice now, the chart and every entry."""
    with _diaries() as diaries:
        typer.echo(render_diary(diaries.get(key), diaries.services.config.emergency_number))


@app.command("delete")
def delete(
    key: Key, yes: Annotated[bool, typer.Option("--yes", help="Do not ask first.")] = False
) -> None:
    """Delete the diary and every entry at once."""
    with _diaries() as diaries:
        view = diaries.get(key)
        if not yes and not typer.confirm(f"Delete the diary and its {len(view.entries)} entries?"):
            typer.echo("Nothing was deleted.")
            return
        diaries.delete(key)
    typer.echo("The diary and every entry are deleted.")


@app.command("options")
def options() -> None:
    """The ids `add` accepts for --where, --helped and --warning, and the durations."""
    with _diaries() as diaries:
        offered = diaries.options()
        durations = list(diaries.rules.duration_days)
    for title, items in (("--where", offered.locations), ("--helped", offered.helped),
                         ("--warning", offered.warning_signs)):  # fmt: skip
        typer.echo(f"{title}:")
        for option in items:
            typer.echo(f"  {option.id:<28} {option.label}")
    typer.echo("--duration (start):")
    for duration in durations:
        typer.echo(f"  {duration}")
