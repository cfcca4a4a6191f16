"""The "Live sessions" section of the course page (``accounts.panels``)."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from playground.accounts.models import Course
from playground.classroom.models import LiveSession


def course_sessions_context(request: HttpRequest, course: Course, role: str) -> dict[str, Any] | None:
    """Instructors see every session of the course; students the live ones, to join."""
    sessions = LiveSession.objects.filter(course=course).select_related("instructor")
    if role != "instructor":
        sessions = sessions.filter(ended__isnull=True)
    return {"sessions": list(sessions[:20]), "lead": role == "instructor"}
