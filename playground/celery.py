"""The Celery app: workers that run simulations and stream their steps.

Start one with ``celery -A playground worker``.  Settings are the Django
settings prefixed ``CELERY_`` (broker and results on ``REDIS_URL``).
"""
from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "playground.settings")

app = Celery("playground")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds playground/studio/tasks.py (and any other app's tasks.py).
app.autodiscover_tasks()
