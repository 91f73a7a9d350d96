"""The one error tree: every error backcheck raises on purpose derives from `BackcheckError`.

Each error carries a machine-readable `code` and a `message` written for people. The kind of
error (its class) says what went wrong, never how a particular interface reports it: the HTTP
edge maps classes to status codes in one table (`backcheck.http.errors`), the command line
prints the message and exits with 2.

```
BackcheckError
├── InvalidInputError     the input does not fit (an answer, an age, a text, a vignette file)
├── NotFoundError         no such interview, condition, story or editor (or it expired)
├── ConflictError         the request no longer fits the current state (a concurrent change)
├── AuthenticationError   a sign-in is needed or was refused
├── ForbiddenError        the request is not allowed (a failed CSRF check)
├── LockedError           an account is locked after too many failures
├── RateLimitedError      too many requests from one client
├── UnavailableError      a part this process was started without (the database)
├── ConfigError           settings are invalid or unsafe
├── KnowledgeError        the knowledge base files are invalid
└── StorageError          the database cannot be used as configured
```

>>> try:
...     raise NotFoundError("There is no such interview.", code="interview_not_found")
... except BackcheckError as exc:
...     (exc.code, exc.message)
('interview_not_found', 'There is no such interview.')
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "BackcheckError",
    "ConfigError",
    "ConflictError",
    "ForbiddenError",
    "InvalidInputError",
    "KnowledgeError",
    "LockedError",
    "NotFoundError",
    "RateLimitedError",
    "StorageError",
    "UnavailableError",
]


class BackcheckError(Exception):
    """Root of the tree: `code` for programs, `message` for people."""

    default_code = "error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code


class InvalidInputError(BackcheckError, ValueError):
    """The input does not fit what was asked (an answer, an age, a text, a file)."""

    default_code = "invalid_input"


class NotFoundError(BackcheckError, LookupError):
    """Nothing has this id, or it has expired."""

    default_code = "not_found"


class ConflictError(BackcheckError):
    """The request no longer fits the current state (answered elsewhere, finished, changed)."""

    default_code = "conflict"


class AuthenticationError(BackcheckError):
    """A sign-in is needed, or the one given was refused."""

    default_code = "unauthorized"


class ForbiddenError(BackcheckError):
    """The request is not allowed (for example a form without a valid CSRF token)."""

    default_code = "forbidden"


class LockedError(BackcheckError):
    """An account is locked after too many failed attempts."""

    default_code = "account_locked"


class RateLimitedError(BackcheckError):
    """Too many requests from one client; `retry_after` is in seconds."""

    default_code = "rate_limited"

    def __init__(self, message: str, code: str | None = None, retry_after: int = 60) -> None:
        super().__init__(message, code)
        self.retry_after = retry_after


class UnavailableError(BackcheckError):
    """A part this process was started without (for example the database)."""

    default_code = "unavailable"


class ConfigError(BackcheckError, ValueError):
    """The settings are invalid or unsafe; the message names the variable to fix."""

    default_code = "invalid_config"


class KnowledgeError(BackcheckError):
    """The knowledge base files are invalid; the message names the file, entry and field."""

    default_code = "invalid_knowledge"


class StorageError(BackcheckError, RuntimeError):
    """The database cannot be used as configured."""

    default_code = "storage_error"
