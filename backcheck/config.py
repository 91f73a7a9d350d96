"""Settings from the environment, refusing unsafe production defaults (built in the app factory)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["DEFAULT_SECRET", "Config", "ConfigError", "RateLimit"]

#: The development secret; refused in production.
DEFAULT_SECRET = "backcheck-development-secret-do-not-use-in-production"

Environment = Literal["development", "production", "test"]


class ConfigError(ValueError):
    """The settings are invalid or unsafe; the message says which variable to fix."""


@dataclass(frozen=True)
class RateLimit:
    """At most `count` requests per `seconds` from one client."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str, name: str) -> RateLimit:
        """Parse "30/minute", "5/second" or "1000/hour".

        >>> RateLimit.parse("30/minute", "X")
        RateLimit(count=30, seconds=60)
        """
        units = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
        count, _, unit = text.strip().partition("/")
        if not count.isdigit() or unit not in units or int(count) < 1:
            raise ConfigError(f"{name} must look like 30/minute (unit: second, minute, hour, day)")
        return cls(int(count), units[unit])


@dataclass(frozen=True)
class Config:
    """Everything configurable about a running backcheck."""

    environment: Environment = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    secret_key: str = DEFAULT_SECRET
    write_rate: RateLimit = field(default_factory=lambda: RateLimit(120, 60))
    story_rate: RateLimit = field(default_factory=lambda: RateLimit(5, 3600))
    login_rate: RateLimit = field(default_factory=lambda: RateLimit(30, 3600))
    interview_ttl_hours: int = 24
    diary_ttl_days: int = 90
    max_body_bytes: int = 65536
    min_group_size: int = 20
    migrate_on_start: bool = True
    emergency_number: str = "911"

    @property
    def effective_database_url(self) -> str:
        """The database URL: BACKCHECK_DATABASE_URL, or an SQLite file in the data directory."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url.split("://", 1)[1]
            return url
        return f"sqlite:///{(self.data_dir / 'backcheck.db').resolve()}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """Read BACKCHECK_* variables; raise ConfigError on invalid or unsafe values.

        >>> Config.from_env({}).environment
        'development'
        >>> Config.from_env({"BACKCHECK_ENV": "production"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        backcheck.config.ConfigError: BACKCHECK_SECRET_KEY must be set to a long random value ...
        """
        env = os.environ if env is None else env
        environment = env.get("BACKCHECK_ENV", "development")
        if environment not in ("development", "production", "test"):
            raise ConfigError("BACKCHECK_ENV must be development, production or test")
        secret = env.get("BACKCHECK_SECRET_KEY", "")
        if environment == "production" and (len(secret) < 32 or secret == DEFAULT_SECRET):
            raise ConfigError(
                "BACKCHECK_SECRET_KEY must be set to a long random value in production"
            )
        if not secret:
            secret = DEFAULT_SECRET if environment == "development" else secrets.token_urlsafe(32)
        ttl = env.get("BACKCHECK_INTERVIEW_TTL_HOURS", "24")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 24 * 7:
            raise ConfigError("BACKCHECK_INTERVIEW_TTL_HOURS must be a whole number from 1 to 168")
        diary_days = env.get("BACKCHECK_DIARY_TTL_DAYS", "90")
        if not diary_days.isdigit() or not 1 <= int(diary_days) <= 366:
            raise ConfigError("BACKCHECK_DIARY_TTL_DAYS must be a whole number from 1 to 366")
        max_body = env.get("BACKCHECK_MAX_BODY_BYTES", "65536")
        if not max_body.isdigit() or not 1024 <= int(max_body) <= 10_000_000:
            raise ConfigError("BACKCHECK_MAX_BODY_BYTES must be between 1024 and 10000000")
        migrate = env.get("BACKCHECK_MIGRATE_ON_START", "1")
        number = env.get("BACKCHECK_EMERGENCY_NUMBER", "911").strip()
        if not number.isdigit() or not 2 <= len(number) <= 6:
            raise ConfigError("BACKCHECK_EMERGENCY_NUMBER must be 2 to 6 digits, such as 911")
        return cls(
            environment=environment,  # type: ignore[arg-type]
            data_dir=Path(env.get("BACKCHECK_DATA_DIR", "var")),
            database_url=env.get("BACKCHECK_DATABASE_URL", ""),
            secret_key=secret,
            write_rate=RateLimit.parse(
                env.get("BACKCHECK_WRITE_RATE", "120/minute"), "BACKCHECK_WRITE_RATE"
            ),
            story_rate=RateLimit.parse(
                env.get("BACKCHECK_STORY_RATE", "5/hour"), "BACKCHECK_STORY_RATE"
            ),
            login_rate=RateLimit.parse(
                env.get("BACKCHECK_LOGIN_RATE", "30/hour"), "BACKCHECK_LOGIN_RATE"
            ),
            interview_ttl_hours=int(ttl),
            diary_ttl_days=int(diary_days),
            max_body_bytes=int(max_body),
            migrate_on_start=migrate not in ("0", "false", "no"),
            emergency_number=number,
        )
