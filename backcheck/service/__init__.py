"""The use cases: interviews, assessments, statistics, stories and their editors."""

from backcheck.service.assess import AssessService, TextAssessment
from backcheck.service.editors import Editor, EditorAccount, EditorService, Login
from backcheck.service.interviews import InterviewService, InterviewView, age_band, band_age
from backcheck.service.records import duration_bucket, record_assessment
from backcheck.service.report import (
    DOCTOR_QUESTIONS,
    ConditionReport,
    Report,
    build_report,
    evidence_phrase,
    in_ten,
    likelihood_words,
)
from backcheck.service.runtime import ServiceError, Services, build_services
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
    "Removal",
    "Report",
    "ReviewPage",
    "ReviewStory",
    "Scrubbed",
    "ServiceError",
    "Services",
    "Statistics",
    "StatisticsService",
    "StoryDraft",
    "StoryOptions",
    "StoryPage",
    "StoryService",
    "Submitted",
    "TextAssessment",
    "age_band",
    "band_age",
    "build_report",
    "build_services",
    "describe_removals",
    "duration_bucket",
    "evidence_phrase",
    "in_ten",
    "likelihood_words",
    "record_assessment",
    "scrub",
    "submission_message",
]
