"""ASGI entry point: HTTP goes to Django, websockets to the run consumer.

Serve with ``daphne playground.asgi:application``.  The websocket side has
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

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from playground.studio.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_http,
        "websocket": URLRouter(websocket_urlpatterns),
    }
)
