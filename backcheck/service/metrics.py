"""What the service counts for Prometheus: never an id, a text or an address, only totals.

The HTTP edge serves them at /metrics (with the request latencies it measures itself).
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from backcheck.knowledge.schema import URGENCIES

__all__ = [
    "INTERVIEWS_FINISHED",
    "INTERVIEWS_STARTED",
    "PARSER_LOAD",
    "RATE_LIMITED",
    "TRIAGE_LEVELS",
]

INTERVIEWS_STARTED = Counter("backcheck_interviews_started", "Interviews started.", ["channel"])
INTERVIEWS_FINISHED = Counter(
    "backcheck_interviews_finished", "Interviews that reached their results.", ["channel"]
)
TRIAGE_LEVELS = Counter(
    "backcheck_triage_levels", "Finished interviews by the level of care advised.", ["level"]
)
RATE_LIMITED = Counter(
    "backcheck_rate_limited", "Requests refused by a rate limit, by bucket.", ["bucket"]
)
PARSER_LOAD = Histogram(
    "backcheck_parser_load_seconds",
    "Time to build the free-text parser (once per process).",
    buckets=(0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0),
)

# Every series exists from the start (at 0), so that a dashboard sees it before its first event.
for _channel in ("api", "web"):
    INTERVIEWS_STARTED.labels(_channel)
    INTERVIEWS_FINISHED.labels(_channel)
for _level in URGENCIES:
    TRIAGE_LEVELS.labels(_level)
for _bucket in ("write", "read", "text", "login", "story"):
    RATE_LIMITED.labels(_bucket)
