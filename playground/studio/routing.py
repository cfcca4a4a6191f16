"""Websocket URLs: ``/ws/runs/<id>/?from=N``."""
from __future__ import annotations

from django.urls import re_path

from playground.studio.consumers import RunConsumer

# Any id reaches the consumer, which closes with 4404 when no run has it
# (a route miss would just drop the connection without a reason).
websocket_urlpatterns = [
    re_path(r"^ws/runs/(?P<run_id>[^/]{1,64})/$", RunConsumer.as_asgi()),
]
