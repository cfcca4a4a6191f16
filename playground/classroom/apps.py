"""App configuration for classroom (live sessions)."""
from __future__ import annotations

from django.apps import AppConfig


class ClassroomConfig(AppConfig):
    name = "playground.classroom"
    label = "classroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the "Live sessions" section to the course page."""
        from playground.accounts.panels import register_course_panel
        from playground.classroom.panels import course_sessions_context

        register_course_panel("sessions", "classroom/_course_panel.html",
                              course_sessions_context, order=20)
