"""The PDF report of a finished check: HTML and CSS made into a PDF with WeasyPrint.

The report is built from the same `Report` as the results page and its print view, with the
date, every answer, the warning signs asked about and absent, and ICD-10-CM codes added. The
template and stylesheet ship in `backcheck/service/templates/`. WeasyPrint may fetch nothing:
every URL in the document is refused, so a report can never reach out to the network or the
file system.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from backcheck.service.summary import CheckSummary

__all__ = ["PDF_MEDIA_TYPE", "day", "render_html", "render_pdf", "when"]

PDF_MEDIA_TYPE = "application/pdf"


def when(moment: datetime) -> str:
    """A stored (UTC) time for people.

    >>> when(datetime(2026, 12, 6, 9, 5))
    '6 December 2026, 09:05 UTC'
    """
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def day(moment: datetime) -> str:
    """A date for people.

    >>> day(datetime(2026, 12, 6, 9, 5))
    '6 December 2026'
    """
    return f"{moment.day} {moment:%B %Y}"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("backcheck.service", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = when
    env.filters["day"] = day
    return env


@cache
def _stylesheet() -> str:
    return (resources.files("backcheck.service") / "templates" / "report.css").read_text("utf-8")


def render_html(summary: CheckSummary) -> str:
    """The report as a self-contained HTML document (what the PDF is made from)."""
    template = _environment().get_template("report.html")
    return template.render(s=summary, report=summary.report)


def render_pdf(summary: CheckSummary) -> bytes:
    """The report as a tagged PDF (WeasyPrint; no URL is ever fetched)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    refuse = URLFetcher(allowed_protocols=())
    html = HTML(string=render_html(summary), url_fetcher=refuse)
    css = CSS(string=_stylesheet(), url_fetcher=refuse)
    pdf: bytes = html.write_pdf(stylesheets=[css], pdf_tags=True)
    return pdf
