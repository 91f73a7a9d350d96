"""The use cases: start an interview, answer, assess text, finish; joins engine and storage."""

from backcheck.service.assess import AssessService, TextAssessment
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
from backcheck.service.statistics import Bar, Statistics, StatisticsService

__all__ = [
    "DOCTOR_QUESTIONS",
    "AssessService",
    "Bar",
    "ConditionReport",
    "InterviewService",
    "InterviewView",
    "Report",
    "ServiceError",
    "Services",
    "Statistics",
    "StatisticsService",
    "TextAssessment",
    "age_band",
    "band_age",
    "build_report",
    "build_services",
    "duration_bucket",
    "evidence_phrase",
    "in_ten",
    "likelihood_words",
    "record_assessment",
]
