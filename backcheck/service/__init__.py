"""The use cases: interviews, assessments, reports and records, statistics, stories, editors."""

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
