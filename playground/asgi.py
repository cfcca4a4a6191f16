"""ASGI entry point: HTTP goes to Django, websockets to the run and session consumers.

Serve with ``daphne playground.asgi:application``.  The run stream has
no origin check on purpose: a run stream is public, read-only data and the
consumer reads no cookie or session, so a cross-site page gains nothing by
opening it, while scripts and graders must be able to connect without an
Origin header.
"""
from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")
# Set up Django (apps, settings) before anything imports a model.
django_http = get_asgi_application()

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

application = ProtocolTypeRouter(
    {
        "http": django_http,
        "websocket": URLRouter([
            *websocket_urlpatterns,
            re_path(classroom_routing.PREFIX, session_sockets),
        ]),
    }
)
