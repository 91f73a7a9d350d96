"""Plain-text rendering of a report for the terminal (urgency first, then causes)."""

from __future__ import annotations

import textwrap

from backcheck.service.report import Report

__all__ = ["render_emergency", "render_report", "wrap"]

WIDTH = 78


def wrap(text: str, indent: str = "", width: int = WIDTH) -> str:
    """Wrap a paragraph for the terminal."""
    return textwrap.fill(
        text, width=width, initial_indent=indent, subsequent_indent=" " * len(indent)
    )


def _bullets(items: tuple[str, ...] | list[str], indent: str = "  ") -> list[str]:
    return [wrap(item, indent=f"{indent}- ") for item in items]


def render_emergency(signs: tuple[str, ...] | list[str], local: str = "911") -> str:
    """The emergency signs, always reachable, with the local emergency number first."""
    others = ", ".join(n for n in ("911", "112", "999") if n != local)
    lines = [f"Call emergency services now ({local}; elsewhere {others}) if you have:"]
    lines += _bullets(list(signs))
    return "\n".join(lines)


def render_report(report: Report, local: str = "911") -> str:
    """The whole report as text: urgency, causes, self-care, when to see a doctor, disclaimer."""
    triage = report.triage
    bar = "=" * WIDTH
    out = [bar, f"URGENCY: {triage.label.upper()}", wrap(triage.headline), wrap(triage.advice)]
    reasons = [r for r in report.reasons if r.kind != "default"]
    if reasons:
        out.append("Why:")
        for reason in reasons[:4]:
            points = f" It can point to: {', '.join(reason.points_to)}." if reason.points_to else ""
            out.append(wrap(reason.text + points, "  - "))
    out.append(bar)
    if report.scope_message:
        out += ["", wrap(report.scope_message)]
    out += ["", "What could be causing it (most likely first):", wrap(report.conditions_intro)]
    for n, cond in enumerate(report.conditions, start=1):
        out.append("")
        out.append(
            f"{n}. {cond.name} - {cond.words}: {cond.in_ten} people with answers like yours "
            f"({cond.probability:.0%})"
        )
        needs = f"; needs: {cond.urgency_label.lower()}" if cond.urgency == triage.level else ""
        out.append(wrap(f"{cond.rarity.capitalize()}{needs}.", "   "))
        if cond.note:
            out.append(wrap(cond.note, "   "))
        if cond.supporting:
            out.append(wrap("Suggested by: " + "; ".join(cond.supporting) + ".", "   "))
        if cond.opposing:
            out.append(wrap("Argues against: " + "; ".join(cond.opposing) + ".", "   "))
    if report.self_care:
        out += ["", report.self_care_title + ":"]
        out += _bullets(list(report.self_care))
    out += ["", "See a doctor if:"]
    out += _bullets(list(report.see_doctor))
    out += ["", render_emergency(report.emergency_signs, local)]
    out += ["", wrap("Note: " + report.disclaimer)]
    return "\n".join(out)
