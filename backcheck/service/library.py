"""The condition library: what a condition page shows, drawn from the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass

from backcheck.knowledge import Condition, KnowledgeBase, Source

__all__ = ["ConditionPage", "condition_page", "search_conditions", "top_symptoms"]


def top_symptoms(kb: KnowledgeBase, condition: Condition, limit: int = 6) -> list[str]:
    """The symptoms most typical of a condition: common with it and much commoner than usual."""
    scored = []
    for fid, num in condition.findings.items():
        finding = kb.findings[fid]
        group = kb.group_of(fid)
        if finding.kind not in ("symptom", "sign") or num.p < 0.3:
            continue
        if group is not None and group.select == "one":
            continue
        ratio = num.p / finding.background.p
        if ratio >= 1.5:
            scored.append((num.p * ratio, finding.name))
    return [name for _, name in sorted(scored, reverse=True)[:limit]]


@dataclass(frozen=True)
class ConditionPage:
    """Everything the library shows for one condition."""

    condition: Condition
    top_symptoms: list[str]
    always: list[str]
    never: list[str]
    sources: list[Source]
    urgency_label: str


def condition_page(kb: KnowledgeBase, condition_id: str) -> ConditionPage | None:
    """The library page for a condition, or None if there is no such condition."""
    cond = kb.conditions.get(condition_id)
    if cond is None:
        return None
    cited = list(
        dict.fromkeys([*cond.sources, *(n.source for n in cond.findings.values() if n.source)])
    )
    return ConditionPage(
        condition=cond,
        top_symptoms=top_symptoms(kb, cond),
        always=[kb.findings[f].name for f in cond.always],
        never=[kb.findings[f].name for f in cond.never],
        sources=[kb.sources[s] for s in cited if s in kb.sources],
        urgency_label=kb.settings.triage[cond.urgency].label,
    )


def search_conditions(kb: KnowledgeBase, query: str = "") -> list[Condition]:
    """Conditions whose names, description or symptoms contain every word of the query."""
    words = [w for w in query.lower().split() if w][:10]
    out = []
    for cond in sorted(kb.conditions.values(), key=lambda c: c.name.lower()):
        haystack = " ".join(
            [cond.name, cond.clinical_name, cond.description, *cond.icd10, *top_symptoms(kb, cond)]
        ).lower()
        if all(w in haystack for w in words):
            out.append(cond)
    return out
