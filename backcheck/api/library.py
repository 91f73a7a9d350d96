"""Reference data: `/conditions`, `/findings`, `/statistics`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from backcheck.api.schemas import (
    ConditionDetail,
    ConditionSummary,
    ErrorOut,
    FindingOut,
    SourceOut,
    StatBar,
    StatisticsOut,
)
from backcheck.errors import NotFoundError
from backcheck.http.deps import ServicesDep, StatisticsDep
from backcheck.knowledge import Condition
from backcheck.service.library import condition_page, search_conditions

__all__ = ["router"]

router = APIRouter(tags=["library"])
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorOut, "description": "Unknown id"}
}


def _summary(cond: Condition) -> ConditionSummary:
    return ConditionSummary(
        id=cond.id,
        name=cond.name,
        clinical_name=cond.clinical_name,
        icd10=list(cond.icd10),
        category=cond.category,
        rarity=cond.rarity,
        urgency=cond.urgency,
        description=cond.description,
    )


@router.get("/conditions", response_model=list[ConditionSummary], summary="List conditions")
def conditions(
    services: ServicesDep, q: Annotated[str, Query(max_length=100)] = ""
) -> list[ConditionSummary]:
    """Every condition in the knowledge base, optionally filtered by words in `q`."""
    return [_summary(c) for c in search_conditions(services.kb, q)]


@router.get(
    "/conditions/{condition_id}",
    response_model=ConditionDetail,
    responses=NOT_FOUND,
    summary="One condition",
)
def condition(
    condition_id: Annotated[str, Path(max_length=60)], services: ServicesDep
) -> ConditionDetail:
    """A condition with its symptoms, care advice and sources."""
    page = condition_page(services.kb, condition_id)
    if page is None:
        raise NotFoundError(f"There is no condition '{condition_id}'.", "condition_not_found")
    cond = page.condition
    return ConditionDetail(
        **_summary(cond).model_dump(),
        top_symptoms=page.top_symptoms,
        always=page.always,
        never=page.never,
        causes=list(cond.causes),
        self_care=list(cond.self_care),
        treatment=list(cond.treatment),
        doctor=list(cond.doctor),
        see_doctor=list(cond.see_doctor),
        sources=[
            SourceOut(
                id=s.id, kind=s.kind, title=s.title, publisher=s.publisher, year=s.year, url=s.url
            )
            for s in page.sources
        ],
    )


@router.get("/findings", response_model=list[FindingOut], summary="List findings")
def findings(services: ServicesDep) -> list[FindingOut]:
    """Every finding with its question, help text, group and codes."""
    kb = services.kb
    out = []
    for finding in kb.findings.values():
        group = kb.group_of(finding.id)
        out.append(
            FindingOut(
                id=finding.id,
                name=finding.name,
                kind=finding.kind,
                question=finding.question,
                help=finding.help,
                group=group.id if group else None,
                snomed=list(finding.codes.snomed),
                hpo=list(finding.codes.hpo),
            )
        )
    return out


@router.get("/statistics", response_model=StatisticsOut, summary="Statistics")
def statistics(
    stats: StatisticsDep,
    age_band: Annotated[str | None, Query(max_length=20)] = None,
    sex: Literal["female", "male"] | None = None,
) -> StatisticsOut:
    """What people with upper back pain reported, were matched with, and how long it lasted.

    Groups with fewer than 20 assessments are never shown.
    """
    result = stats.get(age_band, sex)

    def bars(items: tuple[object, ...]) -> list[StatBar]:
        return [StatBar.model_validate(b, from_attributes=True) for b in items]

    return StatisticsOut(
        age_band=result.age_band,
        sex=result.sex,
        total=result.total,
        shown=result.shown,
        min_group=result.min_group,
        demo=result.demo,
        message=result.message,
        also_reported=bars(result.also_reported),
        matched=bars(result.matched),
        durations=bars(result.durations),
    )
