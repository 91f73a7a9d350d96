"""Per-client rate limits with the `limits` library: a moving window, shared when in Redis.

By default the counts live in this process's memory (one process: `backcheck serve` without
workers); with `BACKCHECK_RATE_LIMIT_URL=redis://...` every process on every machine counts in
the same store, so a client gets the same limit whichever instance it reaches. A moving window
counts the requests of the last `seconds`, whatever the clock says: there is no window edge
to burst across. Clients are kept only as keyed hashes, never as addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from backcheck.config import RateLimit
from backcheck.errors import UnavailableError

__all__ = ["RateLimiter", "Verdict"]

_NAMESPACE = "backcheck"


@dataclass(frozen=True)
class Verdict:
    """Whether a request may go ahead, and if not, in how many seconds to try again."""

    allowed: bool
    retry_after: int = 0


class RateLimiter:
    """Counts requests per client and bucket over a moving window (`limits`).

    >>> limiter = RateLimiter("secret")
    >>> [limiter.hit("10.0.0.1", "write", RateLimit(2, 60)).allowed for _ in range(3)]
    [True, True, False]
    >>> 58 <= limiter.hit("10.0.0.1", "write", RateLimit(2, 60)).retry_after <= 60
    True
    """

    def __init__(self, secret: str, url: str = "") -> None:
        self._secret = secret.encode()
        self.shared = bool(url)
        storage = storage_from_string(url or "memory://")
        assert isinstance(storage, Storage), "an asynchronous store was configured"
        self.storage = storage
        self._limiter = MovingWindowRateLimiter(self.storage)

    def _key(self, client: str, bucket: str) -> str:
        return hmac.new(self._secret, f"{bucket}\0{client}".encode(), hashlib.sha256).hexdigest()

    def hit(self, client: str, bucket: str, limit: RateLimit, cost: int = 1) -> Verdict:
        """Count `cost` requests; refused (with when to retry) when over the limit."""
        item = _item(limit)
        key = self._key(client, bucket)
        try:
            if self._limiter.hit(item, bucket, key, cost=cost):
                return Verdict(True)
            stats = self._limiter.get_window_stats(item, bucket, key)
        except Exception as exc:  # the store is down: refuse rather than stop counting
            raise UnavailableError(
                "The service is busy; please try again in a minute.", "store_unavailable"
            ) from exc
        wait = math.ceil(stats.reset_time - time.time())
        return Verdict(False, max(1, min(wait, limit.seconds)))

    def reachable(self) -> bool:
        """Whether the store answers (always, in memory)."""
        try:
            return bool(self.storage.check())
        except Exception:
            return False


def _item(limit: RateLimit) -> RateLimitItem:
    return RateLimitItemPerSecond(limit.count, limit.seconds, namespace=_NAMESPACE)
