"""Fixtures for the web tests: isolated services, textbook scenarios, the live stack.

Unit tests (pytest-django's test client) run without Redis: the cache is
local memory and the channel layer in-process.  Integration tests take the
session-scoped ``stack`` fixture: a real Redis, Celery worker and Daphne
(tests/stack.py).  The fault tests, which stop Redis and kill workers, take
``fault_stack``, a second live stack of their own, shared by their files
(started once, not once per file).

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


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rate-limit windows are cut from the wall clock's minutes: pin the clock
    for the test, so a burst it sends (61 logins, 31 runs) is counted in one
    window even when the test runs across a minute's edge."""
    from playground.studio import ratelimit

    pinned = ratelimit.clock()
    monkeypatch.setattr(ratelimit, "clock", lambda: pinned)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language and leaves it so.

    A request in Chinese through the test client (LocaleMiddleware) leaves
    zh active in the test's thread; a later test in the same process that
    builds English text directly (a class question) then got Chinese.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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


@pytest.fixture(scope="session")
def fault_stack(postgres: PostgresServer | None) -> Iterator[Stack]:
    """A live stack for the fault tests alone (test_live_faults.py,
    test_live_fault_table.py): they stop its Redis and kill its workers, which
    would disturb the tests on ``stack``.  Celery beat sweeps every 2 s; no
    rate limit on runs.  A test leaves it with a worker named "worker"
    running (``one_worker`` sees to it)."""
    url = postgres.create_database("faults") if postgres is not None else None
    with live_stack({"PLAYGROUND_SWEEP_SECONDS": "2", "PLAYGROUND_RUNS_PER_MINUTE": "0"},
                    database_url=url) as running:
        running.start_beat()
        yield running


def ensure_one_worker(stack: Stack) -> None:
    """Exactly one Celery worker, named "worker", running on ``stack``.

    A worker takes seconds to start (Django, the engine, its warm-up), so
    one that is already the only one, alive, and started since Redis last
    came back is kept; one that lived through a Redis restart or freeze is
    started again, so that no fault test inherits another's fault.
    """
    workers = [name for name in stack.processes if name.startswith(("worker", "prefork"))]
    if (workers == ["worker"] and stack.processes["worker"].poll() is None
            and stack.started["worker"] > stack.redis_since):
        return
    for name in workers:
        stack.stop_worker(name)
    stack.start_worker()


@pytest.fixture
def one_worker(fault_stack: Stack) -> Iterator[Stack]:
    """The fault stack with exactly one worker, "worker", running; the same after the test."""
    ensure_one_worker(fault_stack)
    yield fault_stack
    ensure_one_worker(fault_stack)
