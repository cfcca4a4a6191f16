"""App configuration for the studio."""
from __future__ import annotations

from django.apps import AppConfig


class StudioConfig(AppConfig):
    """Scenarios, runs and their stored steps."""

    name = "playground.studio"
    label = "studio"
    verbose_name = "Studio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Celery's autodiscovery finds tasks.py only; the renders of shared
        # scenarios have their own module, registered here for the worker.
        from playground.studio import render_tasks  # noqa: F401
