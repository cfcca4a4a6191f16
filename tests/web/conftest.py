"""Fixtures for the web tests: isolated services, textbook scenarios, the live stack.

Unit tests (pytest-django's test client) run without Redis: the cache is
local memory and the channel layer in-process.  Integration tests take the
session-scoped ``stack`` fixture: a real Redis, Celery worker and Daphne
(tests/stack.py).

``TEST_DATABASE=postgres`` runs the whole suite on a real PostgreSQL
started for the session (``scripts/test`` does both): pytest-django's test
database and the live stack's database are on that server.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from tests.stack import PostgresServer, Stack, live_stack, postgres_server, wanted_database
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
def postgres() -> Iterator[PostgresServer | None]:
    """The session's PostgreSQL server under ``TEST_DATABASE=postgres``, else None."""
    if wanted_database() != "postgres":
        yield None
        return
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def django_db_modify_db_settings(postgres: PostgresServer | None) -> None:
    """Point pytest-django's test database at the session's PostgreSQL, when there is one."""
    if postgres is None:
        return
    import dj_database_url
    from django.conf import settings
    from django.db import connections

    # Django's connection handler holds this very dict: change it in place,
    # and drop a connection made before (its backend class is fixed).
    default = settings.DATABASES["default"]
    default.clear()
    default.update(dj_database_url.parse(postgres.url("playground")))
    default.setdefault("TEST", {})["NAME"] = "test_playground"
    connections.configure_settings({"default": default})  # fills in Django's defaults
    with contextlib.suppress(AttributeError):  # no connection made yet
        del connections["default"]


@pytest.fixture(scope="session")
def stack(postgres: PostgresServer | None) -> Iterator[Stack]:
    """The live stack, once per session.  A step cap of 20,000 lets a test
    see a run stopped by the step limit without producing 50,000 steps."""
    url = postgres.create_database("stack") if postgres is not None else None
    with live_stack({"PLAYGROUND_MAX_STEPS": "20000"}, database_url=url) as running:
        yield running
