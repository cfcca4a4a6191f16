"""App configuration for the studio."""
from __future__ import annotations

from django.apps import AppConfig


class StudioConfig(AppConfig):
    """Scenarios, runs and their stored steps."""

    name = "playground.studio"
    label = "studio"
    verbose_name = "Studio"
    default_auto_field = "django.db.models.BigAutoField"
