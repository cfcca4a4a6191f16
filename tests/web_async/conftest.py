"""Fixtures for the consumer tests: an in-process channel layer."""
from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _in_memory_layer(settings: Any) -> None:
    """Consumers and the test talk through channels' in-memory layer."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
