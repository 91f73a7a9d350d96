"""The use cases: interviews, assessments, statistics, stories and their editors.

Names are imported from their modules when first used, so that a command that opens no
database (`backcheck assess`) does not import the storage layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backcheck.service.assess import AssessService, TextAssessment
    from backcheck.service.editors import Editor, EditorAccount, EditorService, Login
    from backcheck.service.interviews import (
        InterviewService,
        InterviewView,
        age_band_of,
        representative_age,
    )
    from backcheck.service.records import duration_bucket, record_assessment
    from backcheck.service.report import (
        DOCTOR_QUESTIONS,
        ConditionReport,
        ReasonReport,
        Report,
        build_report,
        evidence_phrase,
        in_ten,
        likelihood_words,
    )
    from backcheck.service.runtime import Services, build_services
    from backcheck.service.scrub import Removal, Scrubbed, describe_removals, scrub
    from backcheck.service.statistics import Bar, Statistics, StatisticsService
    from backcheck.service.stories import (
        MAX_HELPED,
        MAX_REASON,
        MAX_STORY,
        MIN_STORY,
        STORY_DURATIONS,
        AuditEntry,
        AuditPage,
        PublishedStory,
        ReviewPage,
        ReviewStory,
        StoryDraft,
        StoryOptions,
        StoryPage,
        StoryService,
        Submitted,
        submission_message,
    )

__all__ = [
    "DOCTOR_QUESTIONS",
    "MAX_HELPED",
    "MAX_REASON",
    "MAX_STORY",
    "MIN_STORY",
    "STORY_DURATIONS",
    "AssessService",
    "AuditEntry",
    "AuditPage",
    "Bar",
    "ConditionReport",
    "Editor",
    "EditorAccount",
    "EditorService",
    "InterviewService",
    "InterviewView",
    "Login",
    "PublishedStory",
    "ReasonReport",
    "Removal",
    "Report",
    "ReviewPage",
    "ReviewStory",
    "Scrubbed",
    "Services",
    "Statistics",
    "StatisticsService",
    "StoryDraft",
    "StoryOptions",
    "StoryPage",
    "StoryService",
    "Submitted",
    "TextAssessment",
    "age_band_of",
    "build_report",
    "build_services",
    "describe_removals",
    "duration_bucket",
    "evidence_phrase",
    "in_ten",
    "likelihood_words",
    "record_assessment",
    "representative_age",
    "scrub",
    "submission_message",
]

_MODULES = {
    "AssessService": "assess",
    "AuditEntry": "stories",
    "AuditPage": "stories",
    "Bar": "statistics",
    "ConditionReport": "report",
    "DOCTOR_QUESTIONS": "report",
    "Editor": "editors",
    "EditorAccount": "editors",
    "EditorService": "editors",
    "InterviewService": "interviews",
    "InterviewView": "interviews",
    "Login": "editors",
    "MAX_HELPED": "stories",
    "MAX_REASON": "stories",
    "MAX_STORY": "stories",
    "MIN_STORY": "stories",
    "PublishedStory": "stories",
    "ReasonReport": "report",
    "Removal": "scrub",
    "Report": "report",
    "ReviewPage": "stories",
    "ReviewStory": "stories",
    "STORY_DURATIONS": "stories",
    "Scrubbed": "scrub",
    "Services": "runtime",
    "Statistics": "statistics",
    "StatisticsService": "statistics",
    "StoryDraft": "stories",
    "StoryOptions": "stories",
    "StoryPage": "stories",
    "StoryService": "stories",
    "Submitted": "stories",
    "TextAssessment": "assess",
    "age_band_of": "interviews",
    "build_report": "report",
    "build_services": "runtime",
    "describe_removals": "scrub",
    "duration_bucket": "records",
    "evidence_phrase": "report",
    "in_ten": "report",
    "likelihood_words": "report",
    "record_assessment": "records",
    "representative_age": "interviews",
    "scrub": "scrub",
    "submission_message": "stories",
}


def __getattr__(name: str) -> Any:
    """Import the module that defines a use-case name the first time it is used."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
