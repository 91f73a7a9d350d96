"""The knowledge base: schema, reading, checks and loading (imports nothing else of backcheck)."""

from backcheck.knowledge.loader import load_kb
from backcheck.knowledge.phrasing import finding_phrase
from backcheck.knowledge.reader import KBError, KnowledgeBase, default_root, read_kb
from backcheck.knowledge.schema import (
    CATEGORIES,
    EMERGENCY_RANK,
    FINDING_KINDS,
    RARITIES,
    URGENCIES,
    Condition,
    Finding,
    Group,
    Number,
    Phrase,
    Rule,
    Settings,
    Source,
    is_emergency,
    urgency_rank,
)
from backcheck.knowledge.validate import CheckReport, check_kb, rule_findings

__all__ = [
    "CATEGORIES",
    "EMERGENCY_RANK",
    "FINDING_KINDS",
    "RARITIES",
    "URGENCIES",
    "CheckReport",
    "Condition",
    "Finding",
    "Group",
    "KBError",
    "KnowledgeBase",
    "Number",
    "Phrase",
    "Rule",
    "Settings",
    "Source",
    "check_kb",
    "default_root",
    "finding_phrase",
    "is_emergency",
    "load_kb",
    "read_kb",
    "rule_findings",
    "urgency_rank",
]
