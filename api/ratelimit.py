"""Token buckets per caller: a steady rate with room for a burst.

Each caller (an API key, a JWT subject, or the client address when nobody
authenticates) has a bucket of ``burst`` tokens that refills at ``rate`` per
second; a request takes one token, and a request finding the bucket empty
is refused with the time until the next token.  Buckets of callers not seen
for a while are forgotten, and their number is capped so that a flood of
distinct addresses cannot grow memory without end.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

MAX_BUCKETS = 100_000


class RateLimiter:
    def __init__(
        self,
        *,
        rate_per_s: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_buckets: int = MAX_BUCKETS,
    ) -> None:
        if rate_per_s < 0 or burst < 1 or max_buckets < 1:
            raise ValueError(f"need rate >= 0, burst >= 1, max_buckets >= 1; got {rate_per_s}, {burst}")
        self.rate_per_s, self.burst = rate_per_s, burst
        self._clock = clock
        self._max_buckets = max_buckets
        # caller -> (tokens, time of the last refill); oldest use first
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate_per_s > 0

    def take(self, caller: str) -> float | None:
        """Take a token for ``caller``: None when granted, else seconds until one is free."""
        if not self.enabled:
            return None
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.pop(caller, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate_per_s)
            granted = tokens >= 1.0
            if granted:
                tokens -= 1.0
            self._buckets[caller] = (tokens, now)
            while len(self._buckets) > self._max_buckets:
                # The least recently seen caller; a full bucket is what it would get anyway
                # after being away this long, or close to it.
                self._buckets.popitem(last=False)
        return None if granted else (1.0 - tokens) / self.rate_per_s

    @staticmethod
    def retry_after(wait_s: float) -> str:
        """The Retry-After header: whole seconds, at least one."""
        return str(max(1, math.ceil(wait_s)))
