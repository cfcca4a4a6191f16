"""Fixtures for the web tests: isolated services, textbook scenarios, the live stack.

Unit tests (pytest-django's test client) run without Redis: the cache is
local memory and the channel layer in-process.  Integration tests take the
session-scoped ``stack`` fixture: a real Redis, Celery worker and Daphne
(tests/stack.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.stack import Stack, live_stack
from tests.web.helpers import load_example


@pytest.fixture(autouse=True)
def _no_redis(settings: Any) -> None:
    """Keep unit tests off Redis; each test starts with an empty cache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    from django.core.cache import cache

    cache.clear()
    # Hashing every test person's password with the real hasher costs
    # seconds per test; what is tested here is who may do what, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def srt_four() -> dict[str, Any]:
    """The textbook SRT example: four processes (tests/examples/cpu-srt-four.json)."""
    return load_example("cpu-srt-four.json")


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """The live stack, once per session.  A step cap of 20,000 lets a test
    see a run stopped by the step limit without producing 50,000 steps."""
    with live_stack({"PLAYGROUND_MAX_STEPS": "20000"}) as running:
        yield running
