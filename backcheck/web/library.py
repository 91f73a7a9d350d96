"""The condition library: an index with search, and a page per condition."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from backcheck.errors import NotFoundError
from backcheck.http.deps import services_from
from backcheck.knowledge import CATEGORIES, Condition, KnowledgeBase
from backcheck.service import StoryService
from backcheck.service.library import condition_page, search_conditions
from backcheck.web.render import render

__all__ = ["CATEGORY_NAMES", "RARITY_WORDS", "risk_factors", "router"]

router = APIRouter(include_in_schema=False)

CATEGORY_NAMES = {
    "musculoskeletal": "Muscles, bones, joints and nerves",
    "infection_tumour": "Infections and growths",
    "organs_vessels": "Heart, lungs, blood vessels and other organs",
}
RARITY_WORDS = {
    "common": "Common",
    "uncommon": "Uncommon",
    "rare": "Rare",
    "ultra_rare": "Very rare",
}


def risk_factors(kb: KnowledgeBase, condition: Condition, limit: int = 8) -> list[str]:
    """Risk factors and history that make a condition clearly more likely, strongest first."""
    scored = []
    for fid, num in condition.risk.items():
        finding = kb.findings.get(fid)
        if finding is None or finding.kind == "demographic":
            continue
        ratio = num.p / finding.background.p
        if ratio >= 1.5:
            scored.append((ratio, finding.name))
    return [name for _, name in sorted(scored, key=lambda pair: -pair[0])[:limit]]


@router.get("/conditions")
def index(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    """Every condition in the knowledge base, grouped, with a search box."""
    kb = services_from(request).kb
    found = search_conditions(kb, q)
    groups = [
        (CATEGORY_NAMES[cat], [c for c in found if c.category == cat])
        for cat in CATEGORIES
        if any(c.category == cat for c in found)
    ]
    labels = {level: kb.settings.triage[level].label for level in kb.settings.triage}
    context = {
        "q": q,
        "groups": groups,
        "count": len(found),
        "total": len(kb.conditions),
        "rarity": RARITY_WORDS,
        "urgency": labels,
    }
    return render(request, "conditions.html", context)


@router.get("/conditions/{condition_id}")
def condition(request: Request, condition_id: str) -> Response:
    """One condition: description, symptoms, rarity, urgency, causes, care, sources."""
    kb = services_from(request).kb
    page = condition_page(kb, condition_id) if len(condition_id) <= 60 else None
    if page is None:
        raise NotFoundError(
            "There is no condition at this address. The list of conditions has them all.",
            "condition_not_found",
        )
    context = {
        "page": page,
        "cond": page.condition,
        "risks": risk_factors(kb, page.condition),
        "rarity": RARITY_WORDS[page.condition.rarity],
        "category": CATEGORY_NAMES[page.condition.category],
        "stories": StoryService(services_from(request)).published(condition_id, 1, 3),
    }
    return render(request, "condition.html", context)
