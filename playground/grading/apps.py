"""App configuration for grading: assignments, variants, batch grading."""
from __future__ import annotations

from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "playground.grading"
    label = "grading"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The course page lists assignments through the accounts panel
        # registry, so accounts never imports grading.
        from playground.accounts.panels import register_course_panel
        from playground.grading.views_instructor import course_panel

        register_course_panel("assignments", "grading/_course_panel.html", course_panel, order=30)
