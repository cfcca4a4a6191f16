"""Fixtures for the consumer tests: an in-process channel layer."""
from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _in_memory_layer(settings: Any) -> None:
    """Consumers and the test talk through channels' in-memory layer."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the rate limiter's clock for the test: a burst is counted in one
    window even when the test runs across a minute's edge."""
    from playground.studio import ratelimit

    pinned = ratelimit.clock()
    monkeypatch.setattr(ratelimit, "clock", lambda: pinned)
