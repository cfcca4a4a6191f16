"""A per-client request budget kept in the cache (Redis in production).

Fixed one-minute windows: each client gets ``limit`` requests per window.
Counters live in the shared cache, so every web process sees the same count.

Who "a client" is: a logged-in user is counted per account (a class of 200
behind one school address is 200 clients), an anonymous visitor per address.
The address is the one the last ``PLAYGROUND_TRUSTED_PROXIES`` proxies saw
(docs/web.md "Behind a reverse proxy"), never what the visitor claims.

A limiter must never cost a student their work: when the cache cannot be
reached the request is let through and the outage is logged (issue 15 §2).
"""
from __future__ import annotations

import logging
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

log = logging.getLogger(__name__)


def address_from(remote_addr: str | None, forwarded_for: str | None) -> str:
    """The client's address given the socket's peer and the X-Forwarded-For header.

    With ``PLAYGROUND_TRUSTED_PROXIES`` = N > 0, each of the N proxies in
    front of us appended the address it saw, so the right-most N entries are
    trustworthy and the N-th from the right is the visitor.  Anything left of
    it was written by the visitor and is ignored.  A header shorter than N
    (a request that bypassed a proxy) falls back to its left-most entry.
    """
    trusted = settings.PLAYGROUND_TRUSTED_PROXIES
    if trusted > 0 and forwarded_for:
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if hops:
            return hops[-trusted] if len(hops) >= trusted else hops[0]
    return remote_addr or "unknown"


def client_address(request: HttpRequest) -> str:
    """The client's IP address (see ``address_from``)."""
    return address_from(request.META.get("REMOTE_ADDR"),
                        request.META.get("HTTP_X_FORWARDED_FOR"))


def scope_address(scope: dict[str, Any]) -> str:
    """The client's IP address for a websocket or other ASGI scope."""
    client = scope.get("client") or (None, None)
    forwarded = None
    for name, value in scope.get("headers") or ():
        if name == b"x-forwarded-for":
            forwarded = value.decode("latin-1")
    return address_from(client[0], forwarded)


def client_key(request: HttpRequest) -> str:
    """Whom to count: ``user:<id>`` when logged in, else ``addr:<address>``."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_address(request)}"


def clock() -> float:
    """Now, in seconds: what the windows are cut from.

    Tests pin it for their length, so a burst a test sends in one go cannot
    straddle two windows because the test ran across a minute's edge.
    """
    return time.time()


def spend(bucket: str, client: str, limit: int, window: int = 60,
          now: float | None = None) -> int | None:
    """Count one request; None if within ``limit``, else seconds until the next window.

    ``limit`` 0 means no limit.  When the cache is unreachable the request
    is allowed (None) and a warning is logged.
    """
    if limit <= 0:
        return None
    now = clock() if now is None else now
    window_index = int(now // window)
    key = f"ratelimit:{bucket}:{client}:{window_index}"
    try:
        count = _count(key, window)
    except Exception as exc:  # noqa: BLE001 - any store failure: Redis down, timeouts, ...
        log.warning("rate limit %s not checked, its store is unreachable: %s: %s",
                    bucket, type(exc).__name__, exc)
        return None
    if count <= limit:
        return None
    return max(1, math.ceil((window_index + 1) * window - now))


def peek(bucket: str, client: str, window: int = 60, now: float | None = None) -> int:
    """How many requests ``client`` spent in ``bucket`` this window (0 if the store is down)."""
    now = clock() if now is None else now
    key = f"ratelimit:{bucket}:{client}:{int(now // window)}"
    try:
        return int(cache.get(key) or 0)
    except Exception as exc:  # noqa: BLE001
        log.warning("rate limit %s not read, its store is unreachable: %s", bucket, exc)
        return 0


def _count(key: str, window: int) -> int:
    # add() only creates the key if missing, so concurrent first requests
    # cannot reset each other's count; incr() is atomic on Redis.
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window + 5)
        return 1
