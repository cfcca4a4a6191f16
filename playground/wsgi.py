"""WSGI entry point, for HTTP-only servers (no websockets; use asgi.py)."""
from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

application = get_wsgi_application()
