"""Pages outside the quiz: start, emergency signs, the upper back pain guide, statistics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from backcheck.errors import InvalidInputError
from backcheck.http.deps import services_from, statistics_from
from backcheck.service import Statistics
from backcheck.web.render import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

SEX_CHOICES = {"": "Everyone", "female": "Female", "male": "Male"}


@router.get("/")
def home(request: Request) -> Response:
    """What backcheck does and does not do, the emergency signs, and the start button."""
    return render(request, "home.html")


@router.get("/emergency")
def emergency_signs(request: Request) -> Response:
    """When to call emergency services, reachable from every page."""
    see_doctor = services_from(request).kb.settings.see_doctor
    return render(request, "emergency.html", {"see_doctor": see_doctor})


@router.get("/guide")
def guide(request: Request) -> Response:
    """Upper back pain explained, in our own words from the seed articles."""
    see_doctor = services_from(request).kb.settings.see_doctor
    return render(request, "guide.html", {"see_doctor": see_doctor})


@router.get("/statistics")
def statistics(
    request: Request,
    age_band: Annotated[str, Query(max_length=40)] = "",
    sex: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """What people with upper back pain reported, filterable by age band and sex."""
    kb = services_from(request).kb
    bands = {"": "All ages"} | {b: kb.findings[b].name for b in kb.groups["age_band"].options}
    error = None
    status = 200
    result: Statistics | None = None
    try:
        result = statistics_from(request).get(age_band or None, sex or None)
    except InvalidInputError:
        error = "Please choose an age group and a sex from the lists."
        status = 422
        age_band, sex = "", ""
    context = {
        "stats": result,
        "bands": bands,
        "sexes": SEX_CHOICES,
        "age_band": age_band,
        "sex": sex,
        "error": error,
        "group": _group_words(bands.get(age_band, ""), sex),
    }
    return render(request, "statistics.html", context, status)


def _group_words(band: str, sex: str) -> str:
    """The group a figure describes, in words.

    >>> _group_words("All ages", ""), _group_words("18 to 29 years old", "female")
    ('everyone', 'women 18 to 29 years old')
    """
    who = {"female": "women", "male": "men"}.get(sex, "people")
    if band in ("", "All ages"):
        return "everyone" if who == "people" else who
    return f"{who} {band}"
