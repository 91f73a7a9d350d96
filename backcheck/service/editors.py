"""Editor accounts: creation (from the terminal), sign-in with lockout, sessions, sign-out.

Passwords are hashed with argon2id. A session is a random 256-bit token given to the browser
(in a cookie) or to an API client (as a bearer token); the database keeps only its SHA-256, so
a copy of the database cannot be used to sign in. Five failed sign-ins in a row lock an
account for 15 minutes; the messages never reveal whether a user name exists.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, NoReturn

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from backcheck.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    LockedError,
    NotFoundError,
)
from backcheck.service.runtime import Services
from backcheck.storage import (
    DuplicateEditorError,
    EditorRow,
    add_audit,
    add_editor,
    create_session,
    delete_session,
    get_editor,
    get_editor_by_name,
    get_session_editor,
    list_editors,
    record_failed_login,
    record_login,
    record_unknown_failure,
    unknown_locked_until,
    unlock_editor,
    utcnow,
)

__all__ = [
    "LOCK_MINUTES",
    "MAX_FAILED_LOGINS",
    "MIN_PASSWORD",
    "SESSION_HOURS",
    "Editor",
    "EditorAccount",
    "EditorService",
    "Login",
    "hash_token",
    "normalise_name",
    "password_hasher",
]

#: Failed sign-ins in a row that lock an account, and for how long.
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
#: How long a sign-in lasts.
SESSION_HOURS = 8
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")

WRONG = "That user name and password do not match an editor account."
LOCKED = (
    f"Too many failed sign-in attempts: signing in to this account is paused for "
    f"{LOCK_MINUTES} minutes. Please wait and try again, or ask another editor to unlock it "
    "with `backcheck editors unlock`."
)

_dummy_lock = threading.Lock()
_dummy: dict[tuple[object, ...], str] = {}


def password_hasher(profile: str) -> PasswordHasher:
    """The argon2id hasher of one of argon2-cffi's parameter profiles (`Config.password_profile`).

    >>> password_hasher("rfc_9106_low_memory").memory_cost
    65536
    """
    return PasswordHasher.from_parameters(getattr(profiles, profile.upper()))


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash to verify against when the user name is unknown (same cost, same timing)."""
    h = hasher
    parameters = (h.type, h.time_cost, h.memory_cost, h.parallelism, h.hash_len, h.salt_len)
    with _dummy_lock:
        if parameters not in _dummy:
            _dummy[parameters] = hasher.hash(secrets.token_urlsafe(16))
        return _dummy[parameters]


def hash_token(token: str) -> str:
    """The SHA-256 of a session token, as stored (the token itself never is).

    >>> len(hash_token("x" * 43))
    64
    """
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Editor:
    """A signed-in editor."""

    id: int
    name: str


@dataclass(frozen=True)
class EditorAccount:
    """An editor account as `backcheck editors list` shows it."""

    name: str
    created_at: datetime
    last_login_at: datetime | None
    locked_until: datetime | None  # only while the lock lasts
    active: bool


@dataclass(frozen=True)
class _Account:
    """What a sign-in needs of an account, read before the password is checked."""

    id: int
    username: str
    password_hash: str

    @classmethod
    def of(cls, row: EditorRow) -> _Account:
        return cls(row.id, row.username, row.password_hash)


@dataclass(frozen=True)
class Login:
    """A new session: the token to give the client (only now), its editor and its expiry."""

    token: str
    editor: Editor
    expires_at: datetime


def normalise_name(name: str) -> str:
    """User names are compared in lower case, without surrounding spaces."""
    return name.strip().lower()


class EditorService:
    """Editor accounts and sessions over the database."""

    def __init__(self, services: Services, hasher: PasswordHasher | None = None) -> None:
        self.services = services
        self.hasher = hasher or password_hasher(services.config.password_profile)

    # ----- accounts (from the terminal) -----

    def add(self, name: str, password: str) -> Editor:
        """Create an editor; refuses invalid or taken names and weak passwords."""
        username = normalise_name(name)
        if not _NAME.match(username):
            raise InvalidInputError(
                "An editor name is 3 to 40 characters: letters, digits, dot, dash or "
                "underscore, starting with a letter or digit.",
                "invalid_editor_name",
            )
        if len(password) < MIN_PASSWORD:
            raise InvalidInputError(
                f"The password must be at least {MIN_PASSWORD} characters long.", "weak_password"
            )
        if len(password) > MAX_PASSWORD or len(set(password)) < 4 or username in password.lower():
            raise InvalidInputError(
                "That password is too easy to guess: use a long passphrase that does not "
                "contain the user name.",
                "weak_password",
            )
        hashed = self.hasher.hash(password)
        try:
            with self.services.db.session() as session:
                row = add_editor(session, username, hashed)
                return Editor(row.id, row.username)
        except DuplicateEditorError:
            raise ConflictError(
                f"There is already an editor called '{username}'.", "editor_exists"
            ) from None

    def accounts(self) -> list[EditorAccount]:
        """Every editor account."""
        now = utcnow()
        with self.services.db.session() as session:
            return [
                EditorAccount(
                    r.username,
                    r.created_at,
                    r.last_login_at,
                    r.locked_until if r.locked_until and r.locked_until > now else None,
                    r.active,
                )
                for r in list_editors(session)
            ]

    def unlock(self, name: str) -> None:
        """Lift a lockout now."""
        with self.services.db.session() as session:
            row = get_editor_by_name(session, normalise_name(name))
            if row is None:
                raise NotFoundError(f"There is no editor called '{name}'.", "editor_not_found")
            unlock_editor(session, row.id)

    # ----- signing in and out -----

    def _verify(self, stored: str | None, password: str) -> tuple[bool, str | None]:
        """Check a password (against a dummy hash if there is no account); no database here."""
        try:
            self.hasher.verify(stored or _dummy_hash(self.hasher), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False, None
        if stored is None:
            return False, None
        rehashed = self.hasher.hash(password) if self.hasher.check_needs_rehash(stored) else None
        return True, rehashed

    def login(self, name: str, password: str, channel: Literal["web", "api"] = "web") -> Login:
        """Sign in: a new session, or AuthenticationError (wrong) or LockedError (locked).

        The argon2 check is slow on purpose, so it runs between two short transactions (a read,
        then the write of the outcome): a sign-in never holds a lock anyone else waits for.
        """
        username = normalise_name(name)[:64]
        password = password[:MAX_PASSWORD]
        with self.services.db.session(readonly=True) as session:
            row = get_editor_by_name(session, username)
            account = _Account.of(row) if row is not None and row.active else None
        ok, rehashed = self._verify(account.password_hash if account else None, password)
        now = utcnow()
        if account is None:
            self._unknown_failure(username, now)
        with self.services.db.session() as session:
            row = get_editor(session, account.id)
            if row is None or not row.active:
                raise AuthenticationError(WRONG, "invalid_login")
            if row.locked_until is not None and row.locked_until > now:
                raise LockedError(LOCKED, "account_locked")
            if ok:
                record_login(session, account.id, rehashed)
                token = secrets.token_urlsafe(32)
                expires = now + timedelta(hours=SESSION_HOURS)
                create_session(
                    session,
                    token_hash=hash_token(token),
                    editor_id=account.id,
                    channel=channel,
                    expires_at=expires,
                )
                add_audit(session, editor_id=account.id, action="login")
                return Login(token, Editor(account.id, account.username), expires)
            locked = record_failed_login(
                session,
                account.id,
                limit=MAX_FAILED_LOGINS,
                lock_until=now + timedelta(minutes=LOCK_MINUTES),
            )
            add_audit(session, editor_id=account.id, action="locked" if locked else "login_failed")
        if locked:
            raise LockedError(LOCKED, "account_locked")
        raise AuthenticationError(WRONG, "invalid_login")

    def _unknown_failure(self, username: str, now: datetime) -> NoReturn:
        """Count a sign-in under a name with no account exactly as a wrong password."""
        key = hmac.new(
            self.services.config.secret_key.encode(), username.encode(), hashlib.sha256
        ).hexdigest()
        with self.services.db.session() as session:
            until = unknown_locked_until(session, key)
            if until is not None and until > now:
                raise LockedError(LOCKED, "account_locked")
            locked = record_unknown_failure(
                session,
                key,
                limit=MAX_FAILED_LOGINS,
                lock_until=now + timedelta(minutes=LOCK_MINUTES),
            )
        if locked:
            raise LockedError(LOCKED, "account_locked")
        raise AuthenticationError(WRONG, "invalid_login")

    def authenticate(self, token: str | None) -> Editor | None:
        """The editor a session token belongs to (None: missing, forged, expired, signed out)."""
        if not token or not _TOKEN.match(token):
            return None
        with self.services.db.session() as session:
            row = get_session_editor(session, hash_token(token))
            return None if row is None else Editor(row.id, row.username)

    def logout(self, token: str | None) -> bool:
        """End a session (deleted from the database); False if there was none."""
        if not token or not _TOKEN.match(token):
            return False
        with self.services.db.session() as session:
            editor_id = delete_session(session, hash_token(token))
            if editor_id is None:
                return False
            add_audit(session, editor_id=editor_id, action="logout")
            return True

    def require(self, token: str | None) -> Editor:
        """The signed-in editor, or AuthenticationError."""
        editor = self.authenticate(token)
        if editor is None:
            raise AuthenticationError(
                "Sign in as an editor first: send 'Authorization: Bearer <token>' with a token "
                "from POST /api/v1/editor/login. Tokens expire after "
                f"{SESSION_HOURS} hours and end when you sign out.",
                "unauthorized",
            )
        return editor
