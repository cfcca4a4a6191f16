"""The LLM-OS Playground web app (Django + Channels + Celery).

The Celery app is imported here so that ``@shared_task`` binds to it
whenever Django starts, in the web server as in the worker.
"""
from __future__ import annotations

from playground.celery import app as celery_app

__all__ = ["celery_app"]
