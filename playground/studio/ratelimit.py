"""A per-client request budget kept in the cache (Redis in production).

Fixed one-minute windows: each client address gets ``limit`` requests per
window.  Counters live in the shared cache, so every web process sees the
same count.
"""
from __future__ import annotations

import math
import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the server saw it.

    Behind a reverse proxy, run Daphne with ``--proxy-headers`` so that this
    is the visitor's address rather than the proxy's (docs/web.md).
    """
    return request.META.get("REMOTE_ADDR") or "unknown"


def spend(bucket: str, client: str, limit: int, window: int = 60,
          now: float | None = None) -> int | None:
    """Count one request; None if within ``limit``, else seconds until the next window.

    ``limit`` 0 means no limit.
    """
    if limit <= 0:
        return None
    now = time.time() if now is None else now
    window_index = int(now // window)
    key = f"ratelimit:{bucket}:{client}:{window_index}"
    # add() only creates the key if missing, so concurrent first requests
    # cannot reset each other's count; incr() is atomic on Redis.
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window + 5)
        count = 1
    if count <= limit:
        return None
    return max(1, math.ceil((window_index + 1) * window - now))
