"""Settings from the environment, refusing unsafe production defaults (built in the app factory).

Every setting is a field of `Config`, read from `BACKCHECK_<FIELD>` (the environment is
`BACKCHECK_ENV`) by pydantic-settings; docs/deploy.md lists them all (a test keeps it so).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from backcheck.errors import ConfigError

__all__ = ["DEFAULT_SECRET", "PREFIX", "Config", "ConfigError", "RateLimit"]

#: The development secret; refused in production.
DEFAULT_SECRET = "backcheck-development-secret-do-not-use-in-production"

#: Every variable starts with this.
PREFIX = "BACKCHECK_"

Environment = Literal["development", "production", "test"]

#: argon2-cffi's parameter profiles for editor passwords; the cheapest is for test runs only.
PasswordProfile = Literal["rfc_9106_low_memory", "cheapest"]

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class RateLimit:
    """At most `count` requests per `seconds` from one client."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str, name: str) -> RateLimit:
        """Parse "30/minute", "5/second" or "1000/hour"; ConfigError names the variable.

        >>> RateLimit.parse("30/minute", "X")
        RateLimit(count=30, seconds=60)
        """
        try:
            return _rate(text)
        except ValueError as exc:
            raise ConfigError(f"{name} {exc}") from None


def _rate(value: object) -> RateLimit:
    if isinstance(value, RateLimit):
        return value
    count, _, unit = str(value).strip().partition("/")
    if not count.isdigit() or unit not in _UNITS or int(count) < 1:
        raise ValueError("must look like 30/minute (unit: second, minute, hour, day)")
    return RateLimit(int(count), _UNITS[unit])


#: Read from text such as 30/minute (not JSON).
Rate = Annotated[RateLimit, NoDecode, BeforeValidator(_rate)]


class _Variables(EnvSettingsSource):
    """pydantic-settings' environment source, reading a given mapping instead of os.environ."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]) -> None:
        self._env = env
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {name.lower(): value for name, value in self._env.items()}


class Config(BaseSettings):
    """Everything configurable about a running backcheck.

    `Config(...)` holds exactly the values given (and the defaults); `Config.from_env()` reads
    the BACKCHECK_* variables.
    """

    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        frozen=True,
        extra="forbid",
        validate_default=True,
        validate_by_name=True,
        validate_by_alias=True,
    )

    environment: Environment = Field("development", validation_alias=f"{PREFIX}ENV")
    data_dir: Path = Path("var")
    database_url: str = ""
    secret_key: str = Field("", repr=False)
    write_rate: Rate = RateLimit(120, 60)
    story_rate: Rate = RateLimit(5, 3600)
    login_rate: Rate = RateLimit(30, 3600)
    read_rate: Rate = RateLimit(600, 60)
    text_rate: Rate = RateLimit(20000, 60)
    rate_limit_url: str = Field(
        "", repr=False, pattern=r"^(|memory://|(redis|rediss|redis\+unix)://.+)$"
    )
    interview_ttl_hours: int = Field(24, ge=1, le=24 * 7)
    diary_ttl_days: int = Field(90, ge=1, le=366)
    max_body_bytes: int = Field(65536, ge=1024, le=10_000_000)
    min_group_size: int = Field(20, ge=20)
    migrate_on_start: bool = True
    parser_at_start: bool = True
    emergency_number: str = Field("911", pattern=r"^[0-9]{2,6}$")
    password_profile: PasswordProfile = "rfc_9106_low_memory"

    @field_validator("secret_key")
    @classmethod
    def _safe_secret(cls, value: str, info: ValidationInfo) -> str:
        environment = info.data.get("environment", "development")
        if environment == "production" and (len(value) < 32 or value == DEFAULT_SECRET):
            raise ValueError("must be set to a long random value in production")
        if value:
            return value
        return DEFAULT_SECRET if environment == "development" else secrets.token_urlsafe(32)

    @field_validator("password_profile")
    @classmethod
    def _strong_passwords(cls, value: str, info: ValidationInfo) -> str:
        if value == "cheapest" and info.data.get("environment") != "test":
            raise ValueError("may be 'cheapest' only when BACKCHECK_ENV is test")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the values given: the environment is read by `from_env` alone."""
        return (init_settings,)

    @classmethod
    def variable(cls, field: str) -> str:
        """The environment variable of a field.

        >>> Config.variable("environment"), Config.variable("data_dir")
        ('BACKCHECK_ENV', 'BACKCHECK_DATA_DIR')
        """
        alias = cls.model_fields[field].validation_alias
        return alias if isinstance(alias, str) else PREFIX + field.upper()

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
        backcheck.errors.ConfigError: BACKCHECK_SECRET_KEY must be set to a long random value ...
        """
        values: dict[str, Any] = _Variables(cls, os.environ if env is None else env)()
        try:
            return cls(**values)
        except ValidationError as exc:
            raise ConfigError(_message(cls, exc)) from None


def _message(config: type[Config], error: ValidationError) -> str:
    """The first problem, naming its variable (never echoing a secret)."""
    first = error.errors()[0]
    key = str(first["loc"][0]) if first["loc"] else ""
    names = {config.variable(f).lower(): f for f in config.model_fields} | {
        f: f for f in config.model_fields
    }
    field = names.get(key.lower(), key)
    reason = str(first["msg"]).removeprefix("Value error, ").removeprefix("Input ")
    if field in config.model_fields:
        return f"{config.variable(field)} {reason}"
    return reason
