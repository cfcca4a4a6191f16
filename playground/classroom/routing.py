"""Websocket URLs of live sessions, relative to ``ws/sessions/``.

``playground/asgi.py`` mounts them under ``^ws/sessions/`` behind an Origin
check and the session/auth middleware: unlike a run stream, a session
socket acts with the visitor's login cookie, so no other site may open it.
Any code up to 16 characters reaches the consumer, which closes with 4404
when no session has it.
"""
from __future__ import annotations

from django.urls import re_path

from playground.classroom.consumers import SessionConsumer

PREFIX = r"^ws/sessions/"

websocket_urlpatterns = [
    re_path(r"^(?P<code>[A-Za-z0-9-]{1,16})/$", SessionConsumer.as_asgi()),
]
