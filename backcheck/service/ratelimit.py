"""Per-client rate limiting of writes: fixed time windows counted in this process."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time

from backcheck.config import RateLimit

__all__ = ["RateLimiter"]

_MAX_KEYS = 50_000


class RateLimiter:
    """Counts requests per client and bucket in fixed windows (each worker counts its own).

    Clients are kept only as keyed hashes, never as addresses.

    >>> limiter = RateLimiter("secret")
    >>> [limiter.allow("10.0.0.1", "write", RateLimit(2, 60), now=0.0) for _ in range(3)]
    [True, True, False]
    >>> limiter.allow("10.0.0.1", "write", RateLimit(2, 60), now=61.0)
    True
    """

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, bucket: str, limit: RateLimit, now: float | None = None) -> bool:
        """Count one request; False when the client is over the limit for this window."""
        key = hmac.new(self._secret, f"{bucket}\0{client}".encode(), hashlib.sha256).hexdigest()
        window = int((time.time() if now is None else now) // limit.seconds)
        with self._lock:
            if len(self._counts) > _MAX_KEYS:
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
        return count <= limit.count
