"""The use cases: interviews, assessments, records, diaries, statistics, stories, editors.

Names are imported from their modules when first used, so that a command that opens no
database (`backcheck assess`) does not import the storage layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backcheck.service.answers import AnsweredQuestion, answer_words, answered
    from backcheck.service.assess import AssessService, TextAssessment
    from backcheck.service.diaries import DiaryService, DiaryView, EntryDraft
    from backcheck.service.documents import DocumentService, Download
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
    from backcheck.service.summary import CheckSummary, ConditionLine, build_summary

__all__ = [
    "DOCTOR_QUESTIONS",
    "MAX_HELPED",
    "MAX_REASON",
    "MAX_STORY",
    "MIN_STORY",
    "STORY_DURATIONS",
    "AnsweredQuestion",
    "AssessService",
    "AuditEntry",
    "AuditPage",
    "Bar",
    "CheckSummary",
    "ConditionLine",
    "ConditionReport",
    "DiaryService",
    "DiaryView",
    "DocumentService",
    "Download",
    "Editor",
    "EditorAccount",
    "EditorService",
    "EntryDraft",
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
    "answer_words",
    "answered",
    "build_report",
    "build_services",
    "build_summary",
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
    "AnsweredQuestion": "answers",
    "AssessService": "assess",
    "AuditEntry": "stories",
    "AuditPage": "stories",
    "Bar": "statistics",
    "CheckSummary": "summary",
    "ConditionLine": "summary",
    "ConditionReport": "report",
    "DOCTOR_QUESTIONS": "report",
    "DiaryService": "diaries",
    "DiaryView": "diaries",
    "DocumentService": "documents",
    "Download": "documents",
    "Editor": "editors",
    "EditorAccount": "editors",
    "EditorService": "editors",
    "EntryDraft": "diaries",
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
    "answer_words": "answers",
    "answered": "answers",
    "build_report": "report",
    "build_services": "runtime",
    "build_summary": "summary",
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
