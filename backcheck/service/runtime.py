"""What a running process holds: settings, knowledge base, engine, database, text parser."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from backcheck.config import Config, RateLimit
from backcheck.engine import Engine
from backcheck.errors import RateLimitedError, UnavailableError
from backcheck.knowledge import KnowledgeBase, load_kb
from backcheck.knowledge.diary import DiaryKnowledge, load_diary
from backcheck.service.metrics import PARSER_LOAD, RATE_LIMITED
from backcheck.service.ratelimit import RateLimiter

if TYPE_CHECKING:  # storage (SQLAlchemy) is imported only by processes that open a database
    from backcheck.language import ParseResult, TextParser
    from backcheck.storage import Database

__all__ = ["Services", "build_services"]


def _utcnow() -> datetime:
    # The storage layer's clock, imported when first asked: only storage work asks the time, and a
    # process that opens no database should not import SQLAlchemy.
    from backcheck.storage.times import utcnow

    return utcnow()


@dataclass
class Services:
    """The long-lived objects of one process; read-only after start except the lazy parser."""

    config: Config
    kb: KnowledgeBase
    engine: Engine
    database: Database | None
    _parser: TextParser | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _limiter: RateLimiter | None = field(default=None, repr=False)
    _diary: DiaryKnowledge | None = field(default=None, repr=False)
    starts: int = field(default=0, repr=False)
    #: The current time in UTC (naive, as stored); tests replace it to simulate later days.
    clock: Callable[[], datetime] = field(default=_utcnow, repr=False)

    @property
    def db(self) -> Database:
        """The database (UnavailableError if this process was started without one)."""
        if self.database is None:
            raise UnavailableError("This command runs without a database.", "no_database")
        return self.database

    def upgrade_database(self) -> str:
        """Apply pending migrations; return the schema revision now in place."""
        return self.db.upgrade()

    @property
    def diary(self) -> DiaryKnowledge:
        """The pain diary's options and rules (kb/diary.yaml)."""
        if self._diary is None:
            self._diary = load_diary(self.kb)
        return self._diary

    def parser(self) -> TextParser:
        """The free-text parser, built on first use (loading it takes about a second)."""
        if self._parser is None:
            with self._lock:
                if self._parser is None:
                    from backcheck.language import TextParser

                    with PARSER_LOAD.time():
                        self._parser = TextParser(self.kb)
        return self._parser

    def warm_parser(self) -> threading.Thread:
        """Build the parser in the background now, so that the first description does not wait."""
        thread = threading.Thread(target=self.parser, name="backcheck-parser", daemon=True)
        thread.start()
        return thread

    def parse(self, text: str) -> ParseResult:
        """Understand a description; unreadable text raises TextError (invalid input) saying why."""
        return self.parser().parse(text)

    @property
    def limiter(self) -> RateLimiter:
        """The rate limiter: in this process's memory, or shared in BACKCHECK_RATE_LIMIT_URL."""
        if self._limiter is None:
            with self._lock:
                if self._limiter is None:
                    self._limiter = RateLimiter(self.config.secret_key, self.config.rate_limit_url)
        return self._limiter

    def allow(self, client: str, bucket: str, limit: RateLimit) -> bool:
        """Count a request from a client; False when it is over the limit."""
        return self.limiter.hit(client, bucket, limit).allowed

    def check_rate(
        self, client: str, bucket: str, limit: RateLimit, message: str, cost: int = 1
    ) -> None:
        """Count `cost` requests; RateLimitedError (saying when to retry) when over the limit."""
        verdict = self.limiter.hit(client, bucket, limit, cost)
        if not verdict.allowed:
            RATE_LIMITED.labels(bucket).inc()
            raise RateLimitedError(message, retry_after=verdict.retry_after)

    def cleanup(self) -> int:
        """Delete expired interviews, editor sessions and diaries; return how many interviews."""
        from backcheck.storage import (
            delete_expired,
            delete_expired_sessions,
            delete_stale_sign_in_failures,
        )
        from backcheck.storage.diaries import delete_expired_diaries

        with self.db.session() as session:
            delete_expired_sessions(session)
            delete_expired_diaries(session, self.clock())
            delete_stale_sign_in_failures(session, timedelta(days=1))
            return delete_expired(session)


def build_services(
    config: Config,
    kb: KnowledgeBase | None = None,
    database: bool = True,
    parser: TextParser | None = None,
) -> Services:
    """Load the knowledge base, build the engine, open (and migrate) the database.

    A `kb` or `parser` already built is reused (the parser is otherwise built at first use).
    """
    kb = kb or load_kb()
    db = None
    if database:
        from backcheck.storage import Database

        db = Database(config.effective_database_url)
    if db is not None and config.migrate_on_start:
        db.upgrade()
    diary = load_diary(kb)
    return Services(
        config=config, kb=kb, engine=Engine(kb), database=db, _diary=diary, _parser=parser
    )
