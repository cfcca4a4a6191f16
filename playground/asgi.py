"""ASGI entry point: HTTP goes to Django, websockets to the run and session consumers.

Serve with ``daphne playground.asgi:application``.  The run stream has
no origin check on purpose: a run stream is public, read-only data and the
consumer reads no cookie or session, so a cross-site page gains nothing by
opening it, while scripts and graders must be able to connect without an
Origin header.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")
# Set up Django (apps, settings) before anything imports a model.
django_http = get_asgi_application()
log = logging.getLogger(__name__)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from playground.classroom import routing as classroom_routing  # noqa: E402
from playground.studio.edge import leave_request_bodies_to_django  # noqa: E402
from playground.studio.routing import websocket_urlpatterns  # noqa: E402

# A malformed form body must reach Django (JSON errors under /api/), not
# be refused with an empty 400 by Twisted under Daphne.
leave_request_bodies_to_django()

# Live sessions act with the visitor's login cookie, so, unlike run streams,
# they check the Origin header (no other site may open one) and load the
# Django session and user (docs/classroom.md).
session_sockets = AllowedHostsOriginValidator(
    AuthMiddlewareStack(URLRouter(classroom_routing.websocket_urlpatterns)))



def warm_up() -> None:
    """Pay the first request's one-time costs when the web process starts.

    The first run after start-up used to wait about 300 ms more than the
    next ones for its ``POST /api/runs/``, nearly all of it set-up done on
    first use: the URLconf (every view module and the engine's reason
    templates, compiled on import), the translation catalogs, the database
    backend, the engine's validation of the parts a scenario names, the Celery app (its tasks, Redis transport and result backend)
    and the channel layer; then the first connections to Redis.  The
    imports happen here; the connections once Daphne's reactor runs (so a
    process that only imports this module, a test, connects to nothing).
    A part that fails is only logged: the request that needs it reports it.
    """
    _run_parts(_warm_urls, _warm_translations, _warm_database_backend, _warm_scenario_checks,
               _warm_celery, _warm_channel_layer)
    if "twisted.internet.reactor" in sys.modules:  # served by Daphne (never import it here)
        from twisted.internet import reactor

        reactor.callWhenRunning(_run_parts, _connect_broker, _connect_channel_layer)


def _run_parts(*parts: Callable[[], object]) -> None:
    began = time.perf_counter()
    for part in parts:
        try:
            part()
        except Exception as exc:
            log.warning("warm-up: %s failed (%s: %s)", part.__name__, type(exc).__name__, exc)
    log.info("warm-up: %s in %.0f ms", ", ".join(p.__name__.strip("_") for p in parts),
             (time.perf_counter() - began) * 1000)


def _warm_urls() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view


def _warm_translations() -> None:
    from django.conf import settings
    from django.utils.translation import trans_real

    for code, _ in settings.LANGUAGES:
        trans_real.translation(code)


def _warm_database_backend() -> None:
    from django.db import connections

    connections["default"].ops  # noqa: B018 - imports the backend (no connection)


def _warm_scenario_checks() -> None:
    """Check every built-in preset as ``POST /api/runs/`` does: the engine's
    validation imports the parts a scenario names (devices, the LLM) on first use."""
    from kernel_engine import presets
    from playground.studio.services import check_scenario

    for name in presets.names():
        try:
            check_scenario(presets.load(name), for_run=True)
        except Exception:  # noqa: S112 - a preset over this site's limits warms the same
            continue


def _warm_celery() -> None:
    from playground.celery import app

    app.finalize(auto=True)
    app.backend  # noqa: B018 - the result backend, made on first use
    app.producer_pool  # noqa: B018 - imports the Redis transport (no connection)
    app.amqp.send_task_message  # noqa: B018 - the message sender, made on first use
    app.amqp.create_task_message  # noqa: B018


def _warm_channel_layer() -> None:
    from channels.layers import get_channel_layer

    get_channel_layer()


def _connect_broker() -> None:
    """One broker connection, with its channel, left in the producer pool for the first run."""
    from playground.celery import app

    with app.producer_or_acquire() as producer:
        producer.connection.ensure_connection(max_retries=0)  # Redis down: fail now, not later
        producer.connection.default_channel  # noqa: B018


def _connect_channel_layer() -> None:
    """The channel layer's Redis client for this event loop (the first socket's group_add)."""
    from channels.layers import get_channel_layer

    async def touch() -> None:
        try:
            await asyncio.wait_for(get_channel_layer().group_send("warm-up", {"type": "warm.up"}), 5)
        except Exception as exc:
            log.warning("warm-up: channel layer failed (%s: %s)", type(exc).__name__, exc)

    asyncio.ensure_future(touch())


warm_up()

application = ProtocolTypeRouter(
    {
        "http": django_http,
        "websocket": URLRouter([
            *websocket_urlpatterns,
            re_path(classroom_routing.PREFIX, session_sockets),
        ]),
    }
)
